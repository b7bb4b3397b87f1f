-- Documents and images in chat: the asset ids a user message attached, and the pages a reply cited
-- ([{"asset_id": "ast_…", "page": 3}, …], parsed from the reply's page markers). Null where there are none.
alter table chat_messages add column attachments jsonb;
alter table chat_messages add column citations jsonb;

-- A message finds the extraction of its attachment (ChatAttachments.latest) without scanning the tenant's jobs.
create index jobs_document_reads on jobs (tenant_id, type, (input ->> 'asset_id')) where type in ('extract', 'ocr');
