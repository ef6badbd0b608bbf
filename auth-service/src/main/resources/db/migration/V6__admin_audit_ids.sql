-- Each audit record gets an id, in the order written: the admin API reads the audit a page at a
-- time, each page starting before the last id the previous one gave.
ALTER TABLE admin_audit ADD COLUMN IF NOT EXISTS id bigserial;
CREATE INDEX IF NOT EXISTS admin_audit_by_customer_id ON admin_audit (customer, id);
