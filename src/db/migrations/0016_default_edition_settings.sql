-- Data: the first edition is the default one, at the root of the site; the standards so far are its own.
update editions set is_default = true, language = 'en', region = 'GB' where id = (select min(id) from editions);
update community_standards set edition_id = (select id from editions where is_default);
update standards_sections set edition_id = (select id from editions where is_default);
