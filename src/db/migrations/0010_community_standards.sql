-- The first community standards and site-wide moderation settings (defaults live in code).

insert into discussion_settings (id) values (1) on conflict do nothing;

insert into community_standards (id, intro) values (1,
'Discussion is for readers to talk about the news with each other, with respect. Moderators apply these standards; reports and moderation decisions cite them by number.')
on conflict do nothing;

insert into standards_sections (number, title, body) values
  (1, 'Be civil', 'Argue with ideas, not people. No personal attacks, threats or harassment.'),
  (2, 'No hate', 'Nothing that attacks people for who they are: their origin, religion, gender, sexuality, disability or age.'),
  (3, 'Stay on topic', 'Comments should be about the article they are under.'),
  (4, 'No spam', 'No advertising, repeated posts or link farming.'),
  (5, 'Be truthful', 'Do not knowingly spread false information or impersonate anyone.'),
  (6, 'Respect privacy and the law', 'Do not post other people''s personal details or unlawful material.')
on conflict do nothing;
