-- Every edition has its own community standards (an edition's row has id = its edition id).
alter table community_standards alter column edition_id set not null;
alter table community_standards alter column id drop default;
create unique index community_standards_edition on community_standards (edition_id);
alter table standards_sections alter column edition_id set not null;
alter table standards_sections add primary key (edition_id, number);
