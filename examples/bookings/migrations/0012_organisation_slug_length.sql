-- The contract caps a slug at 63 characters (Organisation.slug, a DNS label). The pattern check of 0001 already keeps
-- it to 63, but in a form Keel's contract agreement cannot read; this constraint says it plainly.
-- migrate:up
set lock_timeout = '5s';
alter table organisations add constraint organisations_slug_length check (char_length(slug) <= 63) not valid;
alter table organisations validate constraint organisations_slug_length;

-- migrate:down
set lock_timeout = '5s';
alter table organisations drop constraint organisations_slug_length;
