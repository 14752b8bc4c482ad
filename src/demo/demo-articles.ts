/**
 * Demo content: fictional articles in a wire-service register, written for Dateline so that a
 * fresh install looks like a working news site. Each ends with a note saying it is fictional.
 * Body shorthand: "## " starts a subheading; "> text | speaker | source" is a pull quote.
 */

export interface DemoSection {
  slug: string
  name: string
  parent?: string
  description: string
}

export interface DemoArticle {
  section: string
  headline: string
  lead: string
  dateline: { place: string; dateText: string }
  hoursAgo: number
  author: string
  tags: string[]
  body: string[]
}

export const DEMO_SECTIONS: DemoSection[] = [
  { slug: 'world', name: 'World', description: 'International news from our correspondents.' },
  { slug: 'asia-pacific', name: 'Asia & Pacific', parent: 'world', description: 'News from Asia and the Pacific.' },
  { slug: 'europe', name: 'Europe', parent: 'world', description: 'News from across Europe.' },
  { slug: 'americas', name: 'Americas', parent: 'world', description: 'News from North, Central and South America.' },
  { slug: 'middle-east-africa', name: 'Middle East & Africa', parent: 'world', description: 'News from the Middle East and Africa.' },
  { slug: 'business', name: 'Business', description: 'Markets, companies and the economy.' },
  { slug: 'science', name: 'Science & Tech', description: 'Research, space, technology and the environment.' },
  { slug: 'sport', name: 'Sport', description: 'Results, reports and analysis.' },
]

export const SEED_HEADLINE = 'UN Security Council Debate on North Korea Rights Record Leaves China Worried'

export const DEMO_NOTE = 'This is a fictional demonstration article written for Dateline; its people and events are invented.'

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    section: 'Asia & Pacific',
    headline: "North Korea Snubs UN Meeting, Slams Security Council's 'Double Standards'",
    lead: 'North Korea stayed away from a United Nations session on its human rights record, accusing the Security Council of applying double standards, in a dispute that diplomats said would deepen divisions among the council’s permanent members.',
    dateline: { place: 'UNITED NATIONS', dateText: 'December 23' },
    hoursAgo: 3,
    author: 'Mara Lindqvist',
    tags: ['North Korea', 'United Nations', 'Human rights', 'Security Council'],
    body: [
      'North Korea’s seat stood empty on Tuesday as the United Nations Security Council opened a session on the country’s human rights record, the first such meeting on a single country’s rights situation in years.',
      'A statement circulated by the North Korean mission ahead of the session called the meeting a political provocation and accused Western members of the council of ignoring abuses by their own governments. Diplomats said the statement had been expected and changed little in the room.',
      '## Divisions on the council',
      'China and Russia had argued that human rights belong before the Human Rights Council in Geneva rather than the Security Council, whose mandate covers threats to international peace and security. Supporters of the meeting said the scale of the abuses documented by a UN commission of inquiry made them a security question.',
      '> The empty chair says more than any statement could. | Elena Marsh | a council diplomat speaking to Dateline',
      'A procedural vote to put the item on the agenda passed with the minimum nine votes needed. Any move to refer the situation to the International Criminal Court would require a resolution that could be vetoed by a permanent member.',
    ],
  },
  {
    section: 'Asia & Pacific',
    headline: 'UN Official Urges to Dismantle North Korea Camp System, Release Prisoners',
    lead: 'A senior United Nations human rights official called for the closure of North Korea’s political prison camps and the release of all prisoners held in them, days before the Security Council was due to discuss the country’s record.',
    dateline: { place: 'GENEVA', dateText: 'December 19' },
    hoursAgo: 9,
    author: 'Tomas Ferreira',
    tags: ['North Korea', 'United Nations', 'Human rights'],
    body: [
      'The official, speaking at a briefing in Geneva, said the findings of the UN commission of inquiry left no room for doubt about the conditions in the camps and urged governments with influence in Pyongyang to press for access by independent monitors.',
      'The commission’s report, based on hundreds of interviews with refugees and former detainees, described forced labour, deliberate starvation and executions in a network of camps it estimated to hold tens of thousands of people.',
      '> Access for monitors is the test of every promise that will be made in the coming weeks. | Nadia Okafor | UN human rights office',
      'North Korea has rejected the report as fabricated and has refused to cooperate with the commission or the special rapporteur on its human rights situation.',
    ],
  },
  {
    section: 'Asia & Pacific',
    headline: 'Pacific Island States Agree Joint Early-Warning Network for Cyclones',
    lead: 'Eleven Pacific island governments agreed to link their weather services into a shared early-warning network for tropical cyclones, pooling radar data and text-message alerts across a region of scattered atolls.',
    dateline: { place: 'SUVA', dateText: 'December 22' },
    hoursAgo: 14,
    author: 'Leilani Kahale',
    tags: ['Pacific', 'Climate', 'Disaster preparedness'],
    body: [
      'The agreement, signed at a regional meeting, commits the members to share radar and buoy readings in real time and to send alerts in local languages to every mobile phone in a warning zone.',
      'Forecasters said the smallest states, some with a single meteorologist, would gain most from the pooled data. The network is expected to be tested before the peak of next year’s cyclone season.',
      '> A warning that reaches an outer island an hour earlier can empty a village in time. | Sione Taufa | regional meteorological office',
    ],
  },
  {
    section: 'World',
    headline: 'Security Council Schedules Debate on Humanitarian Access in Conflict Zones',
    lead: 'The UN Security Council will hold an open debate next month on protecting humanitarian workers and guaranteeing aid access in armed conflicts, after a year in which attacks on aid convoys reached a record.',
    dateline: { place: 'UNITED NATIONS', dateText: 'December 21' },
    hoursAgo: 20,
    author: 'Mara Lindqvist',
    tags: ['United Nations', 'Security Council', 'Humanitarian aid'],
    body: [
      'The council presidency said the debate would be open to all UN member states and would hear briefings from relief agencies working in active conflicts.',
      'Aid groups have called for an independent mechanism to investigate attacks on their staff, a proposal that several council members have resisted as an intrusion on national jurisdiction.',
      '## What is on the table',
      'A draft presidential statement circulated to members calls on all parties to conflicts to allow safe passage for relief supplies and to protect medical facilities, diplomats said.',
    ],
  },
  {
    section: 'Europe',
    headline: 'European Transport Ministers Back Single Ticket for Cross-Border Rail Trips',
    lead: 'Transport ministers endorsed a plan for passengers to buy one ticket for international rail journeys across Europe, with guaranteed onward travel when a connection is missed.',
    dateline: { place: 'BRUSSELS', dateText: 'December 22' },
    hoursAgo: 5,
    author: 'Anouk Verbeek',
    tags: ['Rail', 'Transport', 'European Union'],
    body: [
      'Under the plan, rail operators would have to sell through-tickets for journeys that cross borders and honour them on the next available train if a delay causes a missed connection.',
      'Passenger groups welcomed the move but said the deadlines for operators to open their booking systems to each other were too long.',
      '> Travellers should not need five websites and a spreadsheet to cross a continent by train. | Jonas Albrecht | passenger rights association',
    ],
  },
  {
    section: 'Europe',
    headline: 'Snowstorm Closes Alpine Passes as Holiday Traffic Builds',
    lead: 'Heavy snow closed several mountain passes in the Alps and forced motorists onto long detours at the start of the holiday travel season.',
    dateline: { place: 'INNSBRUCK', dateText: 'December 23' },
    hoursAgo: 2,
    author: 'Anouk Verbeek',
    tags: ['Weather', 'Alps', 'Travel'],
    body: [
      'Road authorities said up to 80 centimetres of fresh snow had fallen in higher areas overnight and warned of a high avalanche risk on slopes above the tree line.',
      'Rail services through the main tunnels were running, and operators added carriages to trains to take pressure off the roads.',
    ],
  },
  {
    section: 'Americas',
    headline: 'Andean Farmers Turn to Drip Irrigation as Glaciers Retreat',
    lead: 'Farming cooperatives in the high Andes are switching to drip irrigation and storing meltwater in small reservoirs as the glaciers that feed their valleys shrink.',
    dateline: { place: 'HUARAZ', dateText: 'December 20' },
    hoursAgo: 30,
    author: 'Camila Rojas',
    tags: ['Agriculture', 'Climate', 'Water'],
    body: [
      'Cooperative leaders said the new systems used about half as much water as the open channels they replaced, allowing them to keep planting potatoes and quinoa through a longer dry season.',
      'Hydrologists warn that meltwater flows will peak and then decline over the coming decades as the ice disappears, making storage essential.',
      '> We are saving today the water our grandchildren will need. | Rosa Quispe | farming cooperative president',
    ],
  },
  {
    section: 'Middle East & Africa',
    headline: 'Solar Microgrids Reach 200 Villages in Northern Province',
    lead: 'A programme to connect off-grid villages to solar microgrids has reached its 200th community, bringing electricity to clinics and schools that had relied on diesel generators.',
    dateline: { place: 'KANO', dateText: 'December 19' },
    hoursAgo: 40,
    author: 'Ifeoma Adeyemi',
    tags: ['Energy', 'Solar', 'Development'],
    body: [
      'Each microgrid combines solar panels with battery storage and a prepaid metering system that lets households buy power in small amounts by mobile phone.',
      'Health workers said refrigerators for vaccines had been the most important change, ending losses caused by generator breakdowns and fuel shortages.',
    ],
  },
  {
    section: 'Business',
    headline: 'Container Freight Rates Ease Ahead of Year-End Holidays',
    lead: 'Spot rates for shipping containers on the main Asia-Europe route fell for a third straight week as carriers added capacity and demand cooled after the pre-holiday rush.',
    dateline: { place: 'SINGAPORE', dateText: 'December 22' },
    hoursAgo: 7,
    author: 'Daniel Whitcombe',
    tags: ['Shipping', 'Trade', 'Markets'],
    body: [
      'Analysts said new vessels delivered this year had outpaced growth in cargo volumes, putting pressure on rates despite efforts by carriers to cancel some sailings.',
      'Importers said lower rates would help margins in the first quarter but warned that port congestion could quickly reverse the trend.',
      '> The market has more ships than it knows what to do with. | Priya Raman | freight analyst',
    ],
  },
  {
    section: 'Business',
    headline: 'Regional Bank Rolls Out Instant Payments Across Twelve Markets',
    lead: 'A regional lender launched instant account-to-account payments across twelve markets, letting customers send money across borders in seconds at a flat fee.',
    dateline: { place: 'NAIROBI', dateText: 'December 18' },
    hoursAgo: 52,
    author: 'Ifeoma Adeyemi',
    tags: ['Banking', 'Payments', 'Technology'],
    body: [
      'The bank said transfers would settle within ten seconds and carry a fixed charge regardless of amount, undercutting the percentage fees charged by money transfer companies.',
      'Regulators in several of the markets approved the service under a shared framework for cross-border payments agreed earlier this year.',
    ],
  },
  {
    section: 'Science & Tech',
    headline: 'Research Vessel Maps Uncharted Seamount in the South Pacific',
    lead: 'Scientists aboard a research vessel mapped an undersea mountain rising more than 1,500 metres from the sea floor in a previously unsurveyed part of the South Pacific.',
    dateline: { place: 'AUCKLAND', dateText: 'December 21' },
    hoursAgo: 26,
    author: 'Leilani Kahale',
    tags: ['Oceans', 'Exploration', 'Pacific'],
    body: [
      'The seamount was found during a multibeam sonar survey and later visited by a remotely operated vehicle, which filmed deep-sea corals and sponges on its slopes.',
      'Only a fraction of the world’s sea floor has been mapped at high resolution, and researchers said surveys like this one were essential for understanding ocean currents and biodiversity.',
      '## A home for deep-sea life',
      '> Every seamount we look at closely turns out to be its own island of life. | Hannah Cole | expedition chief scientist',
    ],
  },
  {
    section: 'Science & Tech',
    headline: 'Astronomers Catalogue Hundreds of Fast Radio Bursts From a Single Source',
    lead: 'Astronomers recorded more than 300 fast radio bursts from one repeating source over two months, the largest sample yet from a single origin, offering new clues to what causes the brief, powerful flashes.',
    dateline: { place: 'CAPE TOWN', dateText: 'December 17' },
    hoursAgo: 70,
    author: 'Hannah Cole',
    tags: ['Astronomy', 'Space'],
    body: [
      'Fast radio bursts last a few thousandths of a second but can release as much energy as the sun does in days. Most are seen only once.',
      'The team said patterns in the timing of the bursts pointed to a highly magnetised neutron star, though other explanations could not be ruled out.',
    ],
  },
  {
    section: 'Sport',
    headline: 'Underdogs Clinch Coastal League Title on Final Day',
    lead: 'A club tipped for relegation before the season won the Coastal League title on the final day with a 2-1 victory away from home, finishing a point ahead of the defending champions.',
    dateline: { place: 'PORT ELLIS', dateText: 'December 22' },
    hoursAgo: 11,
    author: 'Sam Okoro',
    tags: ['Football', 'Coastal League'],
    body: [
      'A late header from the club’s captain settled the match after the hosts had equalised early in the second half.',
      'The club’s budget is among the smallest in the league, and most of the squad was signed on free transfers in the summer.',
      '> Nobody gave us a chance in August, and that was our advantage. | Marco Vidal | head coach',
    ],
  },
  {
    section: 'Sport',
    headline: 'Marathon Organisers Add Heat Protocol After Record Temperatures',
    lead: 'Organisers of a major city marathon introduced a heat protocol that can move the start time or shorten the course, after runners collapsed in record temperatures at this year’s race.',
    dateline: { place: 'LISBON', dateText: 'December 16' },
    hoursAgo: 90,
    author: 'Sam Okoro',
    tags: ['Athletics', 'Marathon', 'Heat'],
    body: [
      'Under the new rules, the start will move earlier when the forecast exceeds set thresholds, and the race can be shortened to a half marathon on the morning itself.',
      'Medical teams will also add cooling stations every five kilometres and ice baths at the finish.',
    ],
  },
]
