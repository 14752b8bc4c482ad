-- The language a member of staff reads the newsroom in ("ru"); null follows English.
alter table accounts add column interface_language text
  check (interface_language is null or interface_language ~ '^[a-z]{2,3}$');
