-- Indexes for what the desk asks (incidents --customer/--unassigned,
-- --service, --ip, --since; stats), each
-- leading with the column asked for and then the status, so that a
-- customer's or a service's open incidents are read alone, and stats
-- counts from the indexes without reading the table. The status index
-- stays on status alone: its entries for one status are in id order, so
-- incidents --open streams without sorting.
-- The outbox by status is outbox_due(status, next_try) of 001/004.
DROP INDEX IF EXISTS incidents_customer;
DROP INDEX IF EXISTS incidents_service;
CREATE INDEX incidents_customer ON incidents(customer, status);
CREATE INDEX incidents_service ON incidents(service, status);
-- What the median time to fix needs, for the resolved incidents only.
CREATE INDEX incidents_fixed ON incidents(service, customer, first_seen, resolved_at) WHERE status = 'resolved';
-- An incident's events in report order: its tickets and latest class.
DROP INDEX IF EXISTS events_incident;
CREATE INDEX events_incident ON events(incident_id, report_id);
-- An incident's notices without reading outbox_incidents: its last notice.
DROP INDEX IF EXISTS outbox_incidents_incident;
CREATE INDEX outbox_incidents_incident ON outbox_incidents(incident_id, outbox_id);
-- Owners are looked up in memory (the store's OwnerIndex, built from
-- customer_networks) and an import compares holdings in memory: the range
-- and the network index only slowed every insert of an import down.
DROP INDEX IF EXISTS customer_networks_range;
DROP INDEX IF EXISTS customer_networks_network;
