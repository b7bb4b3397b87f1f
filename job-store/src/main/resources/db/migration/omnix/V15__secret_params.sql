-- The names of a job's write-only parameters (declared secret by its type, such as a document's
-- password): never shown by the API or sent in webhooks, and removed from params when the job ends.
alter table jobs add column secret_params text[] not null default '{}';
