-- Data: the default English edition.
insert into editions (code, name, locale, time_zone, search_config)
values ('en', 'Dateline', 'en-GB', 'UTC', 'english');
