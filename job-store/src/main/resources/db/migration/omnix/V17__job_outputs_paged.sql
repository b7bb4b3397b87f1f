-- A job's outputs, all of them, in the order its handler gave them (issue 10 item 7): an HLS ladder of an 8-hour
-- source has ~28,800, too many for the job's JSON, its list entries and its webhook payloads. The job's result keeps
-- the first 100 (output_asset_ids) with the total (output_count); GET /v1/jobs/{id}/outputs pages through these rows.
create table job_outputs (
  job_id    uuid not null references jobs(id) on delete cascade,
  position  int not null,   -- 0-based, the handler's order (position 0 is what follow-ups with input "output" take)
  asset_id  text not null,
  primary key (job_id, position)
);

-- Jobs that ended before this migration: their outputs become rows, and their results bounded as new ones are.
insert into job_outputs (job_id, position, asset_id)
select j.id, o.n - 1, o.asset_id
from jobs j, jsonb_array_elements_text(j.result -> 'output_asset_ids') with ordinality as o(asset_id, n)
where jsonb_typeof(j.result -> 'output_asset_ids') = 'array';

update jobs j set result = j.result
    || jsonb_build_object(
         'output_asset_ids', coalesce((select jsonb_agg(o.asset_id order by o.n)
                                       from jsonb_array_elements(j.result -> 'output_asset_ids') with ordinality as o(asset_id, n)
                                       where o.n <= 100), '[]'::jsonb),
         'output_count', jsonb_array_length(j.result -> 'output_asset_ids'),
         'has_more_outputs', jsonb_array_length(j.result -> 'output_asset_ids') > 100)
where jsonb_typeof(j.result -> 'output_asset_ids') = 'array';
