-- The demo world kept beside itself in the template database, so that a test's database is
-- put back by one call (dhr_test_world.reset(): about ten times cheaper than DROP and CREATE
-- DATABASE ... TEMPLATE). It answers false, changing nothing, when the tables' columns are no
-- longer the world's (a migration test): the caller then recreates the database.
CREATE SCHEMA dhr_test_world;

CREATE FUNCTION dhr_test_world.columns() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT md5(string_agg(c.relname || '.' || a.attname || ':' || a.atttypid::text, ','
                        ORDER BY c.relname, a.attnum))
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
$$;

DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('CREATE TABLE dhr_test_world.%I AS TABLE public.%I', t, t);
  END LOOP;
END $$;

CREATE TABLE dhr_test_world."_sequences" AS
  SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = 'public';
CREATE TABLE dhr_test_world."_columns" AS SELECT dhr_test_world.columns() AS value;

CREATE FUNCTION dhr_test_world.reset() RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE t text; s record;
BEGIN
  IF (SELECT value FROM dhr_test_world."_columns") IS DISTINCT FROM dhr_test_world.columns() THEN
    RETURN false;
  END IF;
  SET LOCAL session_replication_role = replica;  -- rows go back in any order
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DELETE FROM public.%I', t);  -- TRUNCATE costs a new file per table
  END LOOP;
  FOR t IN SELECT tablename FROM pg_tables
           WHERE schemaname = 'dhr_test_world' AND tablename NOT LIKE '\_%' LOOP
    EXECUTE format('INSERT INTO public.%I OVERRIDING SYSTEM VALUE '
                   'SELECT * FROM dhr_test_world.%I', t, t);
  END LOOP;
  FOR s IN SELECT * FROM dhr_test_world."_sequences" LOOP
    PERFORM setval(format('public.%I', s.name), coalesce(s.last_value, 1), s.last_value IS NOT NULL);
  END LOOP;
  RETURN true;
END $$;
