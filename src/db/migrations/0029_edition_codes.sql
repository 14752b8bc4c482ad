-- Edition codes may be three-letter languages too (ISO 639-2/3: "fil", "yue"), as the newsroom's
-- form allows; the check matches edition-admin.ts.
alter table editions drop constraint editions_code_check;
alter table editions add constraint editions_code_check check (code ~ '^[a-z]{2,3}(-[a-z0-9]{2,8})?$');
