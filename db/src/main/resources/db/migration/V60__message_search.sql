-- The dashboard's message search across tenants: the exact keys an operator pastes (MessageGuid without its tenant,
-- CorrelationId, ApplicationMessageId), a custom header name=value (jsonb containment) and words of the error text
-- (full-text, 'simple' configuration: CPI error texts mix languages, class names and ids, so no stemming). Each
-- index is created on the partitioned parent and so exists on every day partition.
CREATE INDEX mpl_message_guid_idx ON mpl (message_guid);
CREATE INDEX mpl_correlation_id_idx ON mpl (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX mpl_application_message_id_idx ON mpl (application_message_id) WHERE application_message_id IS NOT NULL;
CREATE INDEX mpl_custom_headers_idx ON mpl USING gin (custom_headers jsonb_path_ops) WHERE custom_headers IS NOT NULL;
CREATE INDEX mpl_error_text_words_idx ON mpl USING gin (to_tsvector('simple', error_text)) WHERE error_text IS NOT NULL;
