-- 0002 evidence model: the legal catalogue, sources, exhibits, actors, places, evidence items and their links to
-- criterion elements. Append-only and versioned: an amendment is a new version row with a reason, a withdrawal
-- is a version with status 'withdrawn'; current_* views show the latest versions. Nothing is ever updated or
-- deleted (privileges and triggers; the tamper-evident log is the security boundary).

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

-- ---------------------------------------------------------------------------------------------------------
-- Hygiene: refuse UPDATE, DELETE and TRUNCATE on append-only tables, even for roles that could.

CREATE FUNCTION ledger.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on ledger.% is not allowed: the ledger is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'EL101',
              HINT = 'amend with a new version (and a reason), or withdraw; history is never erased';
END
$$;
COMMENT ON FUNCTION ledger.refuse_change() IS 'Trigger function: refuses UPDATE, DELETE and TRUNCATE on append-only ledger tables (SQLSTATE EL101).';

CREATE FUNCTION ledger.stamp_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV: the time column, then the user column.
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], now(), TG_ARGV[1], session_user));
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ledger.stamp_row() IS 'Trigger function: sets the named time and user columns of a new row to the transaction''s time and the session user, whatever was given.';

CREATE FUNCTION ledger.check_child_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    parent_id uuid := (to_jsonb(NEW) ->> TG_ARGV[1])::uuid;
    parent_version integer := (to_jsonb(NEW) ->> TG_ARGV[2])::integer;
    fresh boolean;
BEGIN
    -- TG_ARGV: the parent version table, then the columns holding the parent's id and version.
    EXECUTE format('SELECT recorded_at = now() AND recorded_by = session_user FROM ledger.%I WHERE entity_id = $1 AND version = $2', TG_ARGV[0])
        INTO fresh USING parent_id, parent_version;
    IF fresh IS NOT TRUE THEN
        RAISE EXCEPTION 'rows of % belong to version % of % and can only be added with it, in the same transaction', TG_TABLE_NAME, parent_version, parent_id
            USING ERRCODE = 'EL107', HINT = 'record a new version (with a reason) that carries the changed rows';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ledger.check_child_row() IS 'Trigger function: a child row (names, an item''s actors, sources, exhibits) may only be added in the transaction that recorded its parent version (SQLSTATE EL107), so a version never changes after it was recorded.';

-- ---------------------------------------------------------------------------------------------------------
-- Vocabularies: codes with their labels, kept as data so that reports and forms show the same words.

CREATE TABLE ledger.vocabulary (
    vocabulary text NOT NULL CHECK (vocabulary ~ '^[a-z_]+$'),
    code       text NOT NULL CHECK (code <> ''),
    label      text NOT NULL CHECK (label <> ''),
    ordinal    integer NOT NULL,
    CONSTRAINT vocabulary_pkey PRIMARY KEY (vocabulary, code)
);
COMMENT ON TABLE ledger.vocabulary IS 'Closed lists of codes used by the ledger (evidence kinds, grades, statuses…) with their labels in English, in display order.';
COMMENT ON COLUMN ledger.vocabulary.vocabulary IS 'Which list: evidence_kind, source_kind, actor_kind, place_kind, source_reliability, information_credibility, text_status, review_status, claim_status, link_relation, protection, precision, actor_role, instrument_kind.';
COMMENT ON COLUMN ledger.vocabulary.code IS 'The code stored in ledger rows.';
COMMENT ON COLUMN ledger.vocabulary.label IS 'What the code means, as shown to people.';
COMMENT ON COLUMN ledger.vocabulary.ordinal IS 'Display order within the list (for grades: best first).';

INSERT INTO ledger.vocabulary (vocabulary, code, label, ordinal) VALUES
    ('source_reliability', 'A', 'Completely reliable', 1),
    ('source_reliability', 'B', 'Usually reliable', 2),
    ('source_reliability', 'C', 'Fairly reliable', 3),
    ('source_reliability', 'D', 'Not usually reliable', 4),
    ('source_reliability', 'E', 'Unreliable', 5),
    ('source_reliability', 'F', 'Reliability cannot be judged', 6),
    ('information_credibility', '1', 'Confirmed by other sources', 1),
    ('information_credibility', '2', 'Probably true', 2),
    ('information_credibility', '3', 'Possibly true', 3),
    ('information_credibility', '4', 'Doubtful', 4),
    ('information_credibility', '5', 'Improbable', 5),
    ('information_credibility', '6', 'Truth cannot be judged', 6),
    ('text_status', 'confirmed', 'Confirmed: read in a published copy of the official text', 1),
    ('text_status', 'standard-text-unconfirmed', 'Standard text, not yet compared with the official document', 2),
    ('text_status', 'unconfirmed', 'Unconfirmed', 3),
    ('review_status', 'draft', 'Draft: being entered', 1),
    ('review_status', 'submitted', 'Submitted for review', 2),
    ('review_status', 'verified', 'Verified by a reviewer (source, file and content checked)', 3),
    ('review_status', 'disputed', 'Disputed by a reviewer', 4),
    ('review_status', 'withdrawn', 'Withdrawn (kept in history, out of current use)', 5),
    ('claim_status', 'confirmed-in-publication', 'The publication was read and says this', 1),
    ('claim_status', 'confirmed-in-publication (secondary)', 'Read in a secondary publication that reports it', 2),
    ('claim_status', 'party-claim', 'A claim by a party (an official or a side of the conflict)', 3),
    ('claim_status', 'secondary', 'Reported second-hand', 4),
    ('claim_status', 'unconfirmed', 'Reported, but not read in a publication here', 5),
    ('link_relation', 'supports', 'Supports the element', 1),
    ('link_relation', 'qualifies', 'Qualifies the element (limits or conditions it)', 2),
    ('link_relation', 'contradicts', 'Contradicts the element', 3),
    ('protection', 'public', 'Public', 1),
    ('protection', 'restricted', 'Restricted: not in public dossiers', 2),
    ('protection', 'protected', 'Protected: identity shielded (witness, whistle-blower)', 3),
    ('precision', 'exact', 'Exact time', 1),
    ('precision', 'hour', 'To the hour', 2),
    ('precision', 'day', 'To the day', 3),
    ('precision', 'month', 'To the month', 4),
    ('precision', 'year', 'To the year', 5),
    ('precision', 'approximate', 'Approximate', 6),
    ('evidence_kind', 'missile-launch', 'Missile launch', 1),
    ('evidence_kind', 'aircraft-sortie', 'Aircraft sortie or airfield use', 2),
    ('evidence_kind', 'troop-presence', 'Troop presence or staging', 3),
    ('evidence_kind', 'rail-transport', 'Rail transport', 4),
    ('evidence_kind', 'fuel-supply', 'Fuel supply', 5),
    ('evidence_kind', 'equipment-transfer', 'Ammunition or equipment transfer', 6),
    ('evidence_kind', 'airspace-use', 'Airspace use', 7),
    ('evidence_kind', 'logistic-support', 'Medical or logistic support', 8),
    ('evidence_kind', 'personnel-participation', 'Personnel participation', 9),
    ('evidence_kind', 'civilian-transfer', 'Transfer of civilians or children', 10),
    ('evidence_kind', 'official-statement', 'Official statement or denial', 11),
    ('evidence_kind', 'institutional-finding', 'Finding of an international or national institution', 12),
    ('evidence_kind', 'other', 'Other', 13),
    ('source_kind', 'monitoring-group', 'Monitoring group', 1),
    ('source_kind', 'media', 'Media', 2),
    ('source_kind', 'official-statement', 'Official statement', 3),
    ('source_kind', 'government-document', 'Government document', 4),
    ('source_kind', 'international-organisation', 'International organisation', 5),
    ('source_kind', 'ngo-report', 'NGO or research report', 6),
    ('source_kind', 'academic', 'Academic', 7),
    ('source_kind', 'political-commentary', 'Political commentary', 8),
    ('source_kind', 'interview', 'Interview', 9),
    ('source_kind', 'court-or-parliament', 'Court or parliament', 10),
    ('source_kind', 'satellite-imagery', 'Satellite imagery', 11),
    ('source_kind', 'witness', 'Witness', 12),
    ('source_kind', 'leak', 'Leak', 13),
    ('source_kind', 'other', 'Other', 14),
    ('actor_kind', 'state', 'State', 1),
    ('actor_kind', 'armed-forces', 'Armed forces or unit', 2),
    ('actor_kind', 'government-body', 'Government body', 3),
    ('actor_kind', 'company', 'Company', 4),
    ('actor_kind', 'organisation', 'Organisation', 5),
    ('actor_kind', 'person', 'Person', 6),
    ('actor_kind', 'monitoring-group', 'Monitoring group', 7),
    ('actor_kind', 'media-outlet', 'Media outlet', 8),
    ('actor_role', 'perpetrator', 'Perpetrator', 1),
    ('actor_role', 'facilitator', 'Facilitator', 2),
    ('actor_role', 'operator', 'Operator', 3),
    ('actor_role', 'owner', 'Owner', 4),
    ('actor_role', 'stated-by', 'Stated by', 5),
    ('actor_role', 'reported-by', 'Reported by', 6),
    ('actor_role', 'victim', 'Victim', 7),
    ('actor_role', 'other', 'Other', 8),
    ('place_kind', 'settlement', 'Settlement', 1),
    ('place_kind', 'airfield', 'Airfield', 2),
    ('place_kind', 'refinery', 'Refinery', 3),
    ('place_kind', 'region', 'Region', 4),
    ('place_kind', 'facility', 'Facility', 5),
    ('place_kind', 'other', 'Other', 6),
    ('instrument_kind', 'un-resolution', 'UN resolution', 1),
    ('instrument_kind', 'treaty', 'Treaty', 2),
    ('instrument_kind', 'un-charter', 'Charter of the United Nations', 3),
    ('instrument_kind', 'ilc-articles', 'ILC articles', 4),
    ('instrument_kind', 'eu-act', 'EU act', 5),
    ('instrument_kind', 'bilateral-treaty', 'Bilateral treaty', 6),
    ('instrument_kind', 'draft-law', 'Draft law (not in force)', 7);

CREATE TRIGGER vocabulary_append_only BEFORE UPDATE OR DELETE ON ledger.vocabulary FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER vocabulary_no_truncate BEFORE TRUNCATE ON ledger.vocabulary FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- The columns that hold these codes are of enum types with the same values, so a wrong code is refused by
-- the type itself; the test suite checks that every enum value has its label here.

-- ---------------------------------------------------------------------------------------------------------
-- Entities: one row per thing the ledger knows, whatever its versions. The stable external id is what
-- imports, the CLI and dossiers use; the uuid is what the log commits to.

CREATE TABLE ledger.entity (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    entity_type text NOT NULL CHECK (entity_type IN ('instrument', 'provision', 'element', 'source', 'actor', 'place', 'item', 'link', 'exhibit')),
    external_id text NOT NULL CHECK (external_id ~ '^[A-Za-z0-9][A-Za-z0-9._:/()+-]{0,199}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT session_user,
    CONSTRAINT entity_pkey PRIMARY KEY (id),
    CONSTRAINT entity_type_id_key UNIQUE (id, entity_type),
    CONSTRAINT entity_external_id_key UNIQUE (entity_type, external_id)
);
COMMENT ON TABLE ledger.entity IS 'Every instrument, provision, element, source, actor, place, evidence item, link and exhibit the ledger knows, once, whatever its versions.';
COMMENT ON COLUMN ledger.entity.id IS 'Internal identifier (uuid), committed to by the tamper-evident log.';
COMMENT ON COLUMN ledger.entity.entity_type IS 'What the entity is: instrument, provision, element, source, actor, place, item, link or exhibit.';
COMMENT ON COLUMN ledger.entity.external_id IS 'Stable identifier used by imports, the CLI and dossiers: a legal code such as UNGA-3314/3(f).1, or an id such as item-hajun-633-missiles. Unique per entity type.';
COMMENT ON COLUMN ledger.entity.created_at IS 'When the entity was first recorded.';
COMMENT ON COLUMN ledger.entity.created_by IS 'The database user (session user) that first recorded it.';
CREATE TRIGGER entity_append_only BEFORE UPDATE OR DELETE ON ledger.entity FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER entity_stamp BEFORE INSERT ON ledger.entity FOR EACH ROW EXECUTE FUNCTION ledger.stamp_row('created_at', 'created_by');
CREATE TRIGGER entity_no_truncate BEFORE TRUNCATE ON ledger.entity FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- Versions: every versioned table has (entity_id, version) as key, when and by whom the version was recorded,
-- and the reason for every version after the first. The next version number is assigned on insert when
-- omitted; two writers racing on one entity get a unique violation (23505) and the second retries.

CREATE FUNCTION ledger.assign_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    expected integer;
BEGIN
    EXECUTE format('SELECT coalesce(max(version), 0) + 1 FROM %I.%I WHERE entity_id = $1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO expected USING NEW.entity_id;
    IF NEW.version IS NULL THEN
        NEW.version := expected;
    ELSIF NEW.version <> expected THEN
        RAISE EXCEPTION 'version % of % % is not the next one (%)', NEW.version, TG_TABLE_NAME, NEW.entity_id, expected
            USING ERRCODE = 'EL106', HINT = 'the record was changed meanwhile: read it again and repeat the change';
    END IF;
    IF NEW.version > 1 AND coalesce(btrim(NEW.change_reason), '') = '' THEN
        RAISE EXCEPTION 'version % of % % needs a reason for the change', NEW.version, TG_TABLE_NAME, NEW.entity_id
            USING ERRCODE = 'EL102', HINT = 'say why the record is amended or withdrawn';
    END IF;
    -- Who and when are the server's to say.
    NEW.recorded_at := now();
    NEW.recorded_by := session_user;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ledger.assign_version() IS 'Trigger function: a new version row gets the next version number of its entity (a different number is refused, SQLSTATE EL106), the transaction''s time and the session user as recorded_at and recorded_by whatever was given, and needs a reason after version 1 (SQLSTATE EL102).';

CREATE TYPE ledger.source_reliability AS ENUM ('A', 'B', 'C', 'D', 'E', 'F');
COMMENT ON TYPE ledger.source_reliability IS 'Codes of the source reliability list; labels in ledger.vocabulary.';
CREATE TYPE ledger.information_credibility AS ENUM ('1', '2', '3', '4', '5', '6');
COMMENT ON TYPE ledger.information_credibility IS 'Codes of the information credibility list; labels in ledger.vocabulary.';
CREATE TYPE ledger.text_status AS ENUM ('confirmed', 'standard-text-unconfirmed', 'unconfirmed');
COMMENT ON TYPE ledger.text_status IS 'Codes of the text status list; labels in ledger.vocabulary.';
CREATE TYPE ledger.review_status AS ENUM ('draft', 'submitted', 'verified', 'disputed', 'withdrawn');
COMMENT ON TYPE ledger.review_status IS 'Codes of the review status list; labels in ledger.vocabulary.';
CREATE TYPE ledger.claim_status AS ENUM ('confirmed-in-publication', 'confirmed-in-publication (secondary)', 'party-claim', 'secondary', 'unconfirmed');
COMMENT ON TYPE ledger.claim_status IS 'Codes of the claim status list; labels in ledger.vocabulary.';
CREATE TYPE ledger.link_relation AS ENUM ('supports', 'qualifies', 'contradicts');
COMMENT ON TYPE ledger.link_relation IS 'Codes of the link relation list; labels in ledger.vocabulary.';
CREATE TYPE ledger.protection AS ENUM ('public', 'restricted', 'protected');
COMMENT ON TYPE ledger.protection IS 'Codes of the protection list; labels in ledger.vocabulary.';
CREATE TYPE ledger.precision AS ENUM ('exact', 'hour', 'day', 'month', 'year', 'approximate');
COMMENT ON TYPE ledger.precision IS 'Codes of the precision list; labels in ledger.vocabulary.';
CREATE TYPE ledger.evidence_kind AS ENUM ('missile-launch', 'aircraft-sortie', 'troop-presence', 'rail-transport', 'fuel-supply', 'equipment-transfer', 'airspace-use', 'logistic-support', 'personnel-participation', 'civilian-transfer', 'official-statement', 'institutional-finding', 'other');
COMMENT ON TYPE ledger.evidence_kind IS 'Codes of the evidence kind list; labels in ledger.vocabulary.';
CREATE TYPE ledger.source_kind AS ENUM ('monitoring-group', 'media', 'official-statement', 'government-document', 'international-organisation', 'ngo-report', 'academic', 'political-commentary', 'interview', 'court-or-parliament', 'satellite-imagery', 'witness', 'leak', 'other');
COMMENT ON TYPE ledger.source_kind IS 'Codes of the source kind list; labels in ledger.vocabulary.';
CREATE TYPE ledger.actor_kind AS ENUM ('state', 'armed-forces', 'government-body', 'company', 'organisation', 'person', 'monitoring-group', 'media-outlet');
COMMENT ON TYPE ledger.actor_kind IS 'Codes of the actor kind list; labels in ledger.vocabulary.';
CREATE TYPE ledger.actor_role AS ENUM ('perpetrator', 'facilitator', 'operator', 'owner', 'stated-by', 'reported-by', 'victim', 'other');
COMMENT ON TYPE ledger.actor_role IS 'Codes of the actor role list; labels in ledger.vocabulary.';
CREATE TYPE ledger.place_kind AS ENUM ('settlement', 'airfield', 'refinery', 'region', 'facility', 'other');
COMMENT ON TYPE ledger.place_kind IS 'Codes of the place kind list; labels in ledger.vocabulary.';
CREATE TYPE ledger.instrument_kind AS ENUM ('un-resolution', 'treaty', 'un-charter', 'ilc-articles', 'eu-act', 'bilateral-treaty', 'draft-law');
COMMENT ON TYPE ledger.instrument_kind IS 'Codes of the instrument kind list; labels in ledger.vocabulary.';

-- ---------------------------------------------------------------------------------------------------------
-- The legal catalogue: instruments, their provisions (verbatim text with its status) and the elements a proof
-- matrix lists for a provision. Criteria are addressed by codes such as UNGA-3314/3(f) and UNGA-3314/3(f).2.

CREATE TABLE ledger.instrument_version (
    entity_id     uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    title         text NOT NULL CHECK (btrim(title) <> ''),
    kind          ledger.instrument_kind NOT NULL,
    symbol        text,
    adopted_on    date,
    registered_on date,
    in_force      text,
    notes         text,
    withdrawn     boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    change_reason text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type   text NOT NULL GENERATED ALWAYS AS ('instrument') STORED,
    CONSTRAINT instrument_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT instrument_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type)
);
COMMENT ON TABLE ledger.instrument_version IS 'Versions of legal instruments (resolutions, treaties, the UN Charter, the ILC Articles, EU acts, draft laws).';
COMMENT ON COLUMN ledger.instrument_version.title IS 'The instrument''s title.';
COMMENT ON COLUMN ledger.instrument_version.kind IS 'What kind of instrument it is (labels in ledger.vocabulary).';
COMMENT ON COLUMN ledger.instrument_version.symbol IS 'Official document symbol, e.g. A/RES/3314(XXIX); empty when none is known.';
COMMENT ON COLUMN ledger.instrument_version.adopted_on IS 'Date of adoption or signature, when known.';
COMMENT ON COLUMN ledger.instrument_version.registered_on IS 'Date of registration, for drafts (e.g. a bill registered in a parliament).';
COMMENT ON COLUMN ledger.instrument_version.in_force IS 'Entry into force as the sources state it (free text: it may differ per party).';
COMMENT ON COLUMN ledger.instrument_version.notes IS 'Anything else a researcher should know (vote, registration, draft status).';
COMMENT ON COLUMN ledger.instrument_version.entity_id IS 'The instrument (ledger.entity.id).';
COMMENT ON COLUMN ledger.instrument_version.version IS 'Version number, 1 for the first record; each amendment or withdrawal adds the next.';
COMMENT ON COLUMN ledger.instrument_version.withdrawn IS 'True when this version withdraws the instrument from current use (it stays in history).';
COMMENT ON COLUMN ledger.instrument_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.instrument_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.instrument_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.instrument_version.entity_type IS 'Always ''instrument'': ties the row to an entity of the right type.';
CREATE TRIGGER instrument_version_version BEFORE INSERT ON ledger.instrument_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER instrument_version_append_only BEFORE UPDATE OR DELETE ON ledger.instrument_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER instrument_version_no_truncate BEFORE TRUNCATE ON ledger.instrument_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.provision_version (
    entity_id     uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    instrument_id uuid NOT NULL,
    label         text NOT NULL CHECK (btrim(label) <> ''),
    body          text,
    text_status   ledger.text_status NOT NULL,
    text_source   text,
    notes         text,
    instrument_type text NOT NULL GENERATED ALWAYS AS ('instrument') STORED,
    withdrawn     boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    change_reason text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type   text NOT NULL GENERATED ALWAYS AS ('provision') STORED,
    CONSTRAINT provision_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT provision_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT provision_version_instrument_fkey FOREIGN KEY (instrument_id, instrument_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT provision_version_text_check CHECK (text_status = 'unconfirmed' OR body IS NOT NULL)
);
COMMENT ON TABLE ledger.provision_version IS 'Versions of provisions: the verbatim text of an article or paragraph, and whether that text is confirmed against an official copy.';
COMMENT ON COLUMN ledger.provision_version.instrument_id IS 'The instrument the provision belongs to.';
COMMENT ON COLUMN ledger.provision_version.label IS 'How the provision is cited, e.g. Article 3(f).';
COMMENT ON COLUMN ledger.provision_version.body IS 'The verbatim text; empty when the text is not known here.';
COMMENT ON COLUMN ledger.provision_version.text_status IS 'confirmed, standard-text-unconfirmed or unconfirmed: whether the text was compared with an official copy. Flipped by an ordinary, logged amendment.';
COMMENT ON COLUMN ledger.provision_version.text_source IS 'Where the text was confirmed, when it was.';
COMMENT ON COLUMN ledger.provision_version.notes IS 'Notes on the provision.';
COMMENT ON COLUMN ledger.provision_version.instrument_type IS 'Always ''instrument'': ties instrument_id to an instrument.';
COMMENT ON COLUMN ledger.provision_version.entity_id IS 'The provision (ledger.entity.id).';
COMMENT ON COLUMN ledger.provision_version.version IS 'Version number, 1 for the first record; each amendment or withdrawal adds the next.';
COMMENT ON COLUMN ledger.provision_version.withdrawn IS 'True when this version withdraws the provision from current use (it stays in history).';
COMMENT ON COLUMN ledger.provision_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.provision_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.provision_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.provision_version.entity_type IS 'Always ''provision'': ties the row to an entity of the right type.';
CREATE TRIGGER provision_version_version BEFORE INSERT ON ledger.provision_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER provision_version_append_only BEFORE UPDATE OR DELETE ON ledger.provision_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER provision_version_no_truncate BEFORE TRUNCATE ON ledger.provision_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.element_version (
    entity_id     uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    provision_id  uuid NOT NULL,
    body          text NOT NULL CHECK (btrim(body) <> ''),
    basis         text NOT NULL CHECK (basis IN ('reference', 'text')),
    ordinal       integer NOT NULL CHECK (ordinal >= 1),
    provision_type text NOT NULL GENERATED ALWAYS AS ('provision') STORED,
    withdrawn     boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    change_reason text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type   text NOT NULL GENERATED ALWAYS AS ('element') STORED,
    CONSTRAINT element_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT element_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT element_version_provision_fkey FOREIGN KEY (provision_id, provision_type) REFERENCES ledger.entity (id, entity_type)
);
COMMENT ON TABLE ledger.element_version IS 'Versions of criterion elements: the conditions a proof matrix lists for a provision (3314 Art. 3(f) has three, ILC Art. 16 has three).';
COMMENT ON COLUMN ledger.element_version.provision_id IS 'The provision the element belongs to.';
COMMENT ON COLUMN ledger.element_version.body IS 'What must be shown, in words.';
COMMENT ON COLUMN ledger.element_version.basis IS 'reference: listed in the legal reference; text: read off the provision''''s own wording.';
COMMENT ON COLUMN ledger.element_version.ordinal IS 'Order of the element within its provision.';
COMMENT ON COLUMN ledger.element_version.provision_type IS 'Always ''provision'': ties provision_id to a provision.';
COMMENT ON COLUMN ledger.element_version.entity_id IS 'The element (ledger.entity.id).';
COMMENT ON COLUMN ledger.element_version.version IS 'Version number, 1 for the first record; each amendment or withdrawal adds the next.';
COMMENT ON COLUMN ledger.element_version.withdrawn IS 'True when this version withdraws the element from current use (it stays in history).';
COMMENT ON COLUMN ledger.element_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.element_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.element_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.element_version.entity_type IS 'Always ''element'': ties the row to an entity of the right type.';
CREATE TRIGGER element_version_version BEFORE INSERT ON ledger.element_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER element_version_append_only BEFORE UPDATE OR DELETE ON ledger.element_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER element_version_no_truncate BEFORE TRUNCATE ON ledger.element_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


-- ---------------------------------------------------------------------------------------------------------
-- Sources, graded A–F, with a protection level. Protected identities live in their own table behind
-- row-level security.

CREATE TABLE ledger.source_version (
    entity_id     uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    title         text,
    publisher     text,
    site          text,
    url           text CHECK (url IS NULL OR url ~ '^https?://'),
    author        text,
    published_on  date,
    published_precision ledger.precision,
    language      text CHECK (language IS NULL OR language ~ '^[a-z]{2,3}(-[A-Za-z0-9]+)*$'),
    kind          ledger.source_kind NOT NULL,
    reliability   ledger.source_reliability NOT NULL,
    grading_note  text,
    protection    ledger.protection NOT NULL DEFAULT 'public',
    notes         text,
    withdrawn     boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    change_reason text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type   text NOT NULL GENERATED ALWAYS AS ('source') STORED,
    CONSTRAINT source_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT source_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT source_version_published_check CHECK ((published_on IS NULL) = (published_precision IS NULL))
);
COMMENT ON TABLE ledger.source_version IS 'Versions of sources: who published what, when, graded for reliability (A–F), with a protection level.';
COMMENT ON COLUMN ledger.source_version.title IS 'Title of the publication or document, when known.';
COMMENT ON COLUMN ledger.source_version.publisher IS 'Publisher or outlet.';
COMMENT ON COLUMN ledger.source_version.site IS 'Web site as the reference names it (e.g. hnonline.sk) when no full URL is known.';
COMMENT ON COLUMN ledger.source_version.url IS 'Full URL of the publication, when known.';
COMMENT ON COLUMN ledger.source_version.author IS 'Author, when known.';
COMMENT ON COLUMN ledger.source_version.published_on IS 'Publication date, to the precision in published_precision.';
COMMENT ON COLUMN ledger.source_version.published_precision IS 'day, month or year: how much of published_on is known.';
COMMENT ON COLUMN ledger.source_version.language IS 'BCP 47 language tag of the publication (en, be, ru, uk, be-Latn…).';
COMMENT ON COLUMN ledger.source_version.kind IS 'What kind of source it is.';
COMMENT ON COLUMN ledger.source_version.reliability IS 'Source reliability on the Admiralty scale, A (completely reliable) to F (cannot be judged).';
COMMENT ON COLUMN ledger.source_version.grading_note IS 'Why the source got its grade.';
COMMENT ON COLUMN ledger.source_version.protection IS 'public, restricted (not in public dossiers) or protected (identity shielded).';
COMMENT ON COLUMN ledger.source_version.notes IS 'Notes on the source.';
COMMENT ON COLUMN ledger.source_version.entity_id IS 'The source (ledger.entity.id).';
COMMENT ON COLUMN ledger.source_version.version IS 'Version number, 1 for the first record; each amendment or withdrawal adds the next.';
COMMENT ON COLUMN ledger.source_version.withdrawn IS 'True when this version withdraws the source from current use (it stays in history).';
COMMENT ON COLUMN ledger.source_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.source_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.source_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.source_version.entity_type IS 'Always ''source'': ties the row to an entity of the right type.';
CREATE TRIGGER source_version_version BEFORE INSERT ON ledger.source_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER source_version_append_only BEFORE UPDATE OR DELETE ON ledger.source_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER source_version_no_truncate BEFORE TRUNCATE ON ledger.source_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.source_identity (
    source_id     uuid NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    identity      text NOT NULL CHECK (btrim(identity) <> ''),
    contact       text,
    notes         text,
    source_type   text NOT NULL GENERATED ALWAYS AS ('source') STORED,
    CONSTRAINT source_identity_pkey PRIMARY KEY (source_id, recorded_at),
    CONSTRAINT source_identity_source_fkey FOREIGN KEY (source_id, source_type) REFERENCES ledger.entity (id, entity_type)
);
COMMENT ON TABLE ledger.source_identity IS 'Who a protected source really is (a witness, a whistle-blower). Row-level security: only members of ledger_protected see or add rows. Append-only; the latest row per source is current.';
COMMENT ON COLUMN ledger.source_identity.source_id IS 'The protected source.';
COMMENT ON COLUMN ledger.source_identity.recorded_at IS 'When this identity record was made.';
COMMENT ON COLUMN ledger.source_identity.recorded_by IS 'Who recorded it (session user).';
COMMENT ON COLUMN ledger.source_identity.identity IS 'The real identity (name, role).';
COMMENT ON COLUMN ledger.source_identity.contact IS 'How to reach the source, if recorded at all.';
COMMENT ON COLUMN ledger.source_identity.notes IS 'Notes on the identity and its protection.';
COMMENT ON COLUMN ledger.source_identity.source_type IS 'Always ''source''.';
ALTER TABLE ledger.source_identity ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger.source_identity FORCE ROW LEVEL SECURITY;
CREATE POLICY source_identity_protected_read ON ledger.source_identity FOR SELECT TO ledger_protected USING (true);
CREATE POLICY source_identity_protected_insert ON ledger.source_identity FOR INSERT TO ledger_protected WITH CHECK (true);
COMMENT ON POLICY source_identity_protected_read ON ledger.source_identity IS 'Only members of ledger_protected read protected identities.';
COMMENT ON POLICY source_identity_protected_insert ON ledger.source_identity IS 'Only members of ledger_protected record protected identities.';
CREATE TRIGGER source_identity_stamp BEFORE INSERT ON ledger.source_identity FOR EACH ROW EXECUTE FUNCTION ledger.stamp_row('recorded_at', 'recorded_by');
CREATE TRIGGER source_identity_append_only BEFORE UPDATE OR DELETE ON ledger.source_identity FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER source_identity_no_truncate BEFORE TRUNCATE ON ledger.source_identity FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


-- ---------------------------------------------------------------------------------------------------------
-- Exhibits: files stored in PostgreSQL (one pg_dump is a whole backup), content-addressed by SHA-256 so the
-- same file is stored once, with the Berkeley Protocol collection record of each intake. Never changed.

CREATE TABLE ledger.exhibit_content (
    sha256        bytea NOT NULL CHECK (octet_length(sha256) = 32),
    content       bytea NOT NULL,
    size          bigint NOT NULL GENERATED ALWAYS AS (octet_length(content)) STORED,
    stored_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT exhibit_content_pkey PRIMARY KEY (sha256),
    CONSTRAINT exhibit_content_hash_check CHECK (sha256 = sha256(content))
);
COMMENT ON TABLE ledger.exhibit_content IS 'The bytes of every exhibit file, once per distinct content, keyed by its SHA-256 (checked on insert).';
COMMENT ON COLUMN ledger.exhibit_content.sha256 IS 'SHA-256 of content: the file''s identity.';
COMMENT ON COLUMN ledger.exhibit_content.content IS 'The file, byte for byte.';
COMMENT ON COLUMN ledger.exhibit_content.size IS 'Size in bytes.';
COMMENT ON COLUMN ledger.exhibit_content.stored_at IS 'When the bytes were first stored.';
CREATE TRIGGER exhibit_content_append_only BEFORE UPDATE OR DELETE ON ledger.exhibit_content FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER exhibit_content_no_truncate BEFORE TRUNCATE ON ledger.exhibit_content FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.exhibit (
    entity_id        uuid NOT NULL,
    sha256           bytea NOT NULL,
    media_type       text NOT NULL CHECK (media_type ~ '^[a-z0-9.+-]+/[a-zA-Z0-9.+-]+$'),
    file_name        text CHECK (file_name IS NULL OR (file_name !~ '[/\\]' AND file_name NOT IN ('.', '..'))),
    collected_by     text,
    collected_at     timestamptz,
    collected_from   text,
    collection_tool  text,
    custody_notes    text,
    original_id      uuid,
    source_id        uuid,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    recorded_by      text NOT NULL DEFAULT session_user,
    entity_type      text NOT NULL GENERATED ALWAYS AS ('exhibit') STORED,
    source_type      text NOT NULL GENERATED ALWAYS AS ('source') STORED,
    CONSTRAINT exhibit_pkey PRIMARY KEY (entity_id),
    CONSTRAINT exhibit_source_fkey FOREIGN KEY (source_id, source_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT exhibit_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT exhibit_content_fkey FOREIGN KEY (sha256) REFERENCES ledger.exhibit_content (sha256),
    CONSTRAINT exhibit_original_fkey FOREIGN KEY (original_id) REFERENCES ledger.exhibit (entity_id),
    CONSTRAINT exhibit_not_own_original CHECK (original_id IS DISTINCT FROM entity_id)
);
COMMENT ON TABLE ledger.exhibit IS 'Exhibits: an intake of a file with its Berkeley Protocol collection record. Evidentiary and never changed; a working copy (crop, transcript, translation) is another exhibit whose original_id names the original.';
COMMENT ON COLUMN ledger.exhibit.entity_id IS 'The exhibit (ledger.entity.id).';
COMMENT ON COLUMN ledger.exhibit.sha256 IS 'SHA-256 of the file (ledger.exhibit_content).';
COMMENT ON COLUMN ledger.exhibit.media_type IS 'Media type, e.g. application/pdf, image/png, text/html.';
COMMENT ON COLUMN ledger.exhibit.file_name IS 'The file name at intake (no folders).';
COMMENT ON COLUMN ledger.exhibit.collected_by IS 'Who collected it (Berkeley Protocol collection record).';
COMMENT ON COLUMN ledger.exhibit.collected_at IS 'When it was collected, from a synchronised clock.';
COMMENT ON COLUMN ledger.exhibit.collected_from IS 'Where it was collected from (URL or description).';
COMMENT ON COLUMN ledger.exhibit.collection_tool IS 'With which tool it was collected (capture software, version).';
COMMENT ON COLUMN ledger.exhibit.custody_notes IS 'Chain of custody: who held it, when, what was done with it.';
COMMENT ON COLUMN ledger.exhibit.original_id IS 'For a derived working copy: the original exhibit.';
COMMENT ON COLUMN ledger.exhibit.source_id IS 'The source the exhibit comes from (a capture of its page, a document it published).';
COMMENT ON COLUMN ledger.exhibit.source_type IS 'Always ''source'': ties source_id to a source.';
COMMENT ON COLUMN ledger.exhibit.recorded_at IS 'When the exhibit was recorded in the ledger.';
COMMENT ON COLUMN ledger.exhibit.recorded_by IS 'Who recorded it (session user).';
COMMENT ON COLUMN ledger.exhibit.entity_type IS 'Always ''exhibit''.';
CREATE TRIGGER exhibit_append_only BEFORE UPDATE OR DELETE ON ledger.exhibit FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER exhibit_stamp BEFORE INSERT ON ledger.exhibit FOR EACH ROW EXECUTE FUNCTION ledger.stamp_row('recorded_at', 'recorded_by');
CREATE TRIGGER exhibit_no_truncate BEFORE TRUNCATE ON ledger.exhibit FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


-- ---------------------------------------------------------------------------------------------------------
-- Actors and places, with names in several languages and scripts.

CREATE TABLE ledger.actor_version (
    entity_id     uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    kind          ledger.actor_kind NOT NULL,
    state_id      uuid,
    identifiers   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(identifiers) = 'array'),
    notes         text,
    state_type    text NOT NULL GENERATED ALWAYS AS ('actor') STORED,
    withdrawn     boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    change_reason text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type   text NOT NULL GENERATED ALWAYS AS ('actor') STORED,
    CONSTRAINT actor_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT actor_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT actor_version_state_fkey FOREIGN KEY (state_id, state_type) REFERENCES ledger.entity (id, entity_type)
);
COMMENT ON TABLE ledger.actor_version IS 'Versions of actors: states, armed forces and units, government bodies, companies (Mozyr NPZ, Belarusian Railways), organisations and persons.';
COMMENT ON COLUMN ledger.actor_version.kind IS 'What kind of actor it is.';
COMMENT ON COLUMN ledger.actor_version.state_id IS 'The state the actor belongs to (for a state: empty or itself).';
COMMENT ON COLUMN ledger.actor_version.identifiers IS 'Identifiers as [{"scheme": "wikidata", "value": "Q…"}, …]: registration numbers, OpenSanctions and Wikidata ids.';
COMMENT ON COLUMN ledger.actor_version.notes IS 'Notes on the actor.';
COMMENT ON COLUMN ledger.actor_version.state_type IS 'Always ''actor'': ties state_id to an actor.';
COMMENT ON COLUMN ledger.actor_version.entity_id IS 'The actor (ledger.entity.id).';
COMMENT ON COLUMN ledger.actor_version.version IS 'Version number, 1 for the first record; each amendment or withdrawal adds the next.';
COMMENT ON COLUMN ledger.actor_version.withdrawn IS 'True when this version withdraws the actor from current use (it stays in history).';
COMMENT ON COLUMN ledger.actor_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.actor_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.actor_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.actor_version.entity_type IS 'Always ''actor'': ties the row to an entity of the right type.';
CREATE TRIGGER actor_version_version BEFORE INSERT ON ledger.actor_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER actor_version_append_only BEFORE UPDATE OR DELETE ON ledger.actor_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER actor_version_no_truncate BEFORE TRUNCATE ON ledger.actor_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.place_version (
    entity_id     uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    kind          ledger.place_kind NOT NULL,
    state_id      uuid,
    within_id     uuid,
    latitude      numeric(8,5) CHECK (latitude BETWEEN -90 AND 90),
    longitude     numeric(8,5) CHECK (longitude BETWEEN -180 AND 180),
    coordinates_source text,
    notes         text,
    ref_type      text NOT NULL GENERATED ALWAYS AS ('actor') STORED,
    within_type   text NOT NULL GENERATED ALWAYS AS ('place') STORED,
    withdrawn     boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    change_reason text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type   text NOT NULL GENERATED ALWAYS AS ('place') STORED,
    CONSTRAINT place_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT place_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT place_version_state_fkey FOREIGN KEY (state_id, ref_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT place_version_within_fkey FOREIGN KEY (within_id, within_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT place_version_coordinates_check CHECK ((latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR coordinates_source IS NOT NULL))
);
COMMENT ON TABLE ledger.place_version IS 'Versions of places: settlements, airfields, refineries, regions, facilities.';
COMMENT ON COLUMN ledger.place_version.kind IS 'What kind of place it is.';
COMMENT ON COLUMN ledger.place_version.state_id IS 'The state the place lies in.';
COMMENT ON COLUMN ledger.place_version.within_id IS 'A larger place it lies within (e.g. its region).';
COMMENT ON COLUMN ledger.place_version.latitude IS 'WGS 84 latitude, only from a gazetteer that can be cited.';
COMMENT ON COLUMN ledger.place_version.longitude IS 'WGS 84 longitude, only from a gazetteer that can be cited.';
COMMENT ON COLUMN ledger.place_version.coordinates_source IS 'The gazetteer the coordinates come from.';
COMMENT ON COLUMN ledger.place_version.notes IS 'Notes on the place.';
COMMENT ON COLUMN ledger.place_version.ref_type IS 'Always ''actor'': ties state_id to an actor.';
COMMENT ON COLUMN ledger.place_version.within_type IS 'Always ''place'': ties within_id to a place.';
COMMENT ON COLUMN ledger.place_version.entity_id IS 'The place (ledger.entity.id).';
COMMENT ON COLUMN ledger.place_version.version IS 'Version number, 1 for the first record; each amendment or withdrawal adds the next.';
COMMENT ON COLUMN ledger.place_version.withdrawn IS 'True when this version withdraws the place from current use (it stays in history).';
COMMENT ON COLUMN ledger.place_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.place_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.place_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.place_version.entity_type IS 'Always ''place'': ties the row to an entity of the right type.';
CREATE TRIGGER place_version_version BEFORE INSERT ON ledger.place_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER place_version_append_only BEFORE UPDATE OR DELETE ON ledger.place_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER place_version_no_truncate BEFORE TRUNCATE ON ledger.place_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.actor_name (
    actor_id      uuid NOT NULL,
    actor_version integer NOT NULL,
    ordinal       integer NOT NULL CHECK (ordinal >= 1),
    name          text NOT NULL CHECK (btrim(name) <> ''),
    language      text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]+)*$'),
    romanisation  text,
    CONSTRAINT actor_name_pkey PRIMARY KEY (actor_id, actor_version, ordinal),
    CONSTRAINT actor_name_parent_fkey FOREIGN KEY (actor_id, actor_version) REFERENCES ledger.actor_version (entity_id, version)
);
COMMENT ON TABLE ledger.actor_name IS 'Names of actors in several languages and scripts, per actor version.';
COMMENT ON COLUMN ledger.actor_name.actor_id IS 'The actor.';
COMMENT ON COLUMN ledger.actor_name.actor_version IS 'The version of the actor this row belongs to (children are recorded anew with every version).';
COMMENT ON COLUMN ledger.actor_name.ordinal IS 'Order of the name (the first is the display name in its language).';
COMMENT ON COLUMN ledger.actor_name.name IS 'The name as written.';
COMMENT ON COLUMN ledger.actor_name.language IS 'BCP 47 tag: en, be, ru, uk, be-Latn (Łacinka)…';
COMMENT ON COLUMN ledger.actor_name.romanisation IS 'The romanisation standard when the name is a romanisation (BGN/PCGN, Łacinka, national 2007…).';
CREATE TRIGGER actor_name_append_only BEFORE UPDATE OR DELETE ON ledger.actor_name FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER actor_name_with_parent BEFORE INSERT ON ledger.actor_name FOR EACH ROW EXECUTE FUNCTION ledger.check_child_row('actor_version', 'actor_id', 'actor_version');
CREATE TRIGGER actor_name_no_truncate BEFORE TRUNCATE ON ledger.actor_name FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.place_name (
    place_id      uuid NOT NULL,
    place_version integer NOT NULL,
    ordinal       integer NOT NULL CHECK (ordinal >= 1),
    name          text NOT NULL CHECK (btrim(name) <> ''),
    language      text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]+)*$'),
    romanisation  text,
    CONSTRAINT place_name_pkey PRIMARY KEY (place_id, place_version, ordinal),
    CONSTRAINT place_name_parent_fkey FOREIGN KEY (place_id, place_version) REFERENCES ledger.place_version (entity_id, version)
);
COMMENT ON TABLE ledger.place_name IS 'Names of places in several languages and scripts, per place version.';
COMMENT ON COLUMN ledger.place_name.place_id IS 'The place.';
COMMENT ON COLUMN ledger.place_name.place_version IS 'The version of the place this row belongs to (children are recorded anew with every version).';
COMMENT ON COLUMN ledger.place_name.ordinal IS 'Order of the name (the first is the display name in its language).';
COMMENT ON COLUMN ledger.place_name.name IS 'The name as written.';
COMMENT ON COLUMN ledger.place_name.language IS 'BCP 47 tag: en, be, ru, uk, be-Latn (Łacinka)…';
COMMENT ON COLUMN ledger.place_name.romanisation IS 'The romanisation standard when the name is a romanisation (BGN/PCGN, Łacinka, national 2007…).';
CREATE TRIGGER place_name_append_only BEFORE UPDATE OR DELETE ON ledger.place_name FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER place_name_with_parent BEFORE INSERT ON ledger.place_name FOR EACH ROW EXECUTE FUNCTION ledger.check_child_row('place_version', 'place_id', 'place_version');
CREATE TRIGGER place_name_no_truncate BEFORE TRUNCATE ON ledger.place_name FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


-- ---------------------------------------------------------------------------------------------------------
-- Evidence items. When it happened (occurred, with its precision) is separate from when the ledger learned it
-- (recorded_at). The acting party and the territorial state are both kept: Russian conduct on Belarusian
-- territory is not Belarusian conduct.

CREATE TABLE ledger.evidence_kind_attribute (
    kind        ledger.evidence_kind NOT NULL,
    attribute   text NOT NULL CHECK (attribute ~ '^[a-z][a-z0-9_]*$'),
    value_type  text NOT NULL CHECK (value_type IN ('text', 'integer', 'date', 'place', 'actor')),
    description text NOT NULL,
    CONSTRAINT evidence_kind_attribute_pkey PRIMARY KEY (kind, attribute)
);
COMMENT ON TABLE ledger.evidence_kind_attribute IS 'The kind-specific attributes an evidence item of each kind may carry, with their value types; items are checked against it on insert.';
COMMENT ON COLUMN ledger.evidence_kind_attribute.kind IS 'The evidence kind.';
COMMENT ON COLUMN ledger.evidence_kind_attribute.attribute IS 'The attribute''s key in ledger.item_version.attributes.';
COMMENT ON COLUMN ledger.evidence_kind_attribute.value_type IS 'text, integer, date (YYYY-MM-DD), place (external id of a place) or actor (external id of an actor).';
COMMENT ON COLUMN ledger.evidence_kind_attribute.description IS 'What the attribute means.';
CREATE TRIGGER evidence_kind_attribute_append_only BEFORE UPDATE OR DELETE ON ledger.evidence_kind_attribute FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();

INSERT INTO ledger.evidence_kind_attribute (kind, attribute, value_type, description)
SELECT k::ledger.evidence_kind, a, t, d FROM (VALUES
    ('missile-launch', 'weapon_system', 'text', 'The missile or launcher (Iskander-M, S-300, S-400, Kh-47M2 Kinzhal…).'),
    ('missile-launch', 'count', 'integer', 'How many missiles, as the source counts them.'),
    ('missile-launch', 'count_qualifier', 'text', 'How the count is qualified: at least, more than, about.'),
    ('missile-launch', 'launch_area', 'place', 'Where they were launched from.'),
    ('missile-launch', 'target_area', 'text', 'What or where they were aimed at (a place id or words).'),
    ('missile-launch', 'peak_date', 'date', 'The day with the most launches, when the source gives one.'),
    ('missile-launch', 'peak_count', 'integer', 'Launches on the peak day.'),
    ('aircraft-sortie', 'airfield', 'place', 'The airfield used.'),
    ('aircraft-sortie', 'aircraft_type', 'text', 'The aircraft (MiG-31K, A-50…).'),
    ('aircraft-sortie', 'systems', 'text', 'Systems based there (Iskander-M division, S-400 division…).'),
    ('aircraft-sortie', 'count', 'integer', 'How many sorties or aircraft, as the source counts them.'),
    ('troop-presence', 'unit', 'text', 'The unit or formation.'),
    ('troop-presence', 'location', 'place', 'Where the troops were.'),
    ('troop-presence', 'count', 'integer', 'How many troops or vehicles, as the source counts them.'),
    ('troop-presence', 'systems', 'text', 'Systems present.'),
    ('rail-transport', 'operator', 'actor', 'The railway operator.'),
    ('rail-transport', 'route', 'text', 'The route or stations.'),
    ('rail-transport', 'cargo', 'text', 'What was moved.'),
    ('fuel-supply', 'supplier', 'actor', 'Who supplied the fuel.'),
    ('fuel-supply', 'product', 'text', 'Which product (diesel, jet fuel…).'),
    ('fuel-supply', 'route', 'text', 'How it was delivered.'),
    ('equipment-transfer', 'equipment', 'text', 'What was transferred.'),
    ('equipment-transfer', 'count', 'integer', 'How many, as the source counts them.'),
    ('airspace-use', 'zone', 'text', 'The airspace or restriction zone.'),
    ('airspace-use', 'period', 'text', 'The period, as the source gives it.'),
    ('logistic-support', 'support', 'text', 'What support was given.'),
    ('logistic-support', 'facility', 'place', 'Where.'),
    ('personnel-participation', 'unit', 'text', 'The unit or group of personnel.'),
    ('personnel-participation', 'operation', 'text', 'The operation they took part in.'),
    ('civilian-transfer', 'count', 'integer', 'How many people, as the source counts them.'),
    ('civilian-transfer', 'count_qualifier', 'text', 'How the count is qualified: at least, more than, about.'),
    ('civilian-transfer', 'age_range', 'text', 'Ages, e.g. 6–17.'),
    ('civilian-transfer', 'facilities_count', 'integer', 'How many facilities received them.'),
    ('civilian-transfer', 'main_facility', 'place', 'The facility that received most.'),
    ('civilian-transfer', 'main_facility_count', 'integer', 'How many went to the main facility.'),
    ('official-statement', 'speaker', 'actor', 'Who made the statement.'),
    ('official-statement', 'document', 'text', 'The document or occasion.'),
    ('institutional-finding', 'body', 'actor', 'The institution that made the finding.'),
    ('institutional-finding', 'document', 'text', 'The document (symbol, title).'),
    ('institutional-finding', 'vote', 'text', 'The vote, when there was one.'),
    ('other', 'note', 'text', 'Free text.')
) AS v(k, a, t, d);

CREATE TABLE ledger.item_version (
    entity_id         uuid NOT NULL,
    version           integer NOT NULL CHECK (version >= 1),
    kind              ledger.evidence_kind NOT NULL,
    title             text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 500),
    description       text,
    occurred          tstzrange CHECK (occurred IS NULL OR (NOT isempty(occurred) AND NOT lower_inf(occurred) AND NOT upper_inf(occurred))),
    occurred_precision ledger.precision,
    place_id          uuid,
    acting_state_id   uuid,
    territorial_state_id uuid,
    attributes        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    claim_status      ledger.claim_status,
    status            ledger.review_status NOT NULL DEFAULT 'draft',
    reviewer          text,
    review_note       text,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    recorded_by       text NOT NULL DEFAULT session_user,
    change_reason     text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type       text NOT NULL GENERATED ALWAYS AS ('item') STORED,
    place_type        text NOT NULL GENERATED ALWAYS AS ('place') STORED,
    actor_type        text NOT NULL GENERATED ALWAYS AS ('actor') STORED,
    CONSTRAINT item_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT item_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT item_version_place_fkey FOREIGN KEY (place_id, place_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT item_version_acting_state_fkey FOREIGN KEY (acting_state_id, actor_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT item_version_territorial_state_fkey FOREIGN KEY (territorial_state_id, actor_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT item_version_precision_check CHECK ((occurred IS NULL) = (occurred_precision IS NULL)),
    CONSTRAINT item_version_review_check CHECK (status NOT IN ('verified', 'disputed') OR review_note IS NOT NULL)
);
COMMENT ON TABLE ledger.item_version IS 'Versions of evidence items: one event or statement (a missile launch, a rail transfer, a fuel delivery, an official statement…), what is known of it, and its review status. Amendments, reviews and withdrawals are new versions.';
COMMENT ON COLUMN ledger.item_version.entity_id IS 'The item (ledger.entity.id).';
COMMENT ON COLUMN ledger.item_version.version IS 'Version number, 1 for the first record; each amendment, review or withdrawal adds the next.';
COMMENT ON COLUMN ledger.item_version.kind IS 'What kind of evidence it is (labels in ledger.vocabulary; attributes per kind in ledger.evidence_kind_attribute).';
COMMENT ON COLUMN ledger.item_version.title IS 'A short, neutral title that says whose claim it is.';
COMMENT ON COLUMN ledger.item_version.description IS 'What the sources say, attributed.';
COMMENT ON COLUMN ledger.item_version.occurred IS 'When it happened, as a range of instants (UTC); a single instant is [t, t].';
COMMENT ON COLUMN ledger.item_version.occurred_precision IS 'How precisely occurred is known: exact, hour, day, month, year or approximate.';
COMMENT ON COLUMN ledger.item_version.place_id IS 'Where it happened.';
COMMENT ON COLUMN ledger.item_version.acting_state_id IS 'The state whose conduct it is (for Russian launches from Belarus: Russia).';
COMMENT ON COLUMN ledger.item_version.territorial_state_id IS 'The state on whose territory it happened (for launches from Belarus: Belarus).';
COMMENT ON COLUMN ledger.item_version.attributes IS 'Kind-specific attributes as a JSON object, checked against ledger.evidence_kind_attribute (place and actor values are external ids).';
COMMENT ON COLUMN ledger.item_version.claim_status IS 'How the claim stands in the publications read: confirmed-in-publication, party-claim, secondary, unconfirmed…';
COMMENT ON COLUMN ledger.item_version.status IS 'Review status: draft, submitted, verified, disputed or withdrawn.';
COMMENT ON COLUMN ledger.item_version.reviewer IS 'Who verified or disputed it (database user); required for those statuses.';
COMMENT ON COLUMN ledger.item_version.review_note IS 'The reviewer''s note; required when verified or disputed.';
COMMENT ON COLUMN ledger.item_version.recorded_at IS 'When this version was recorded (transaction time): when the ledger learned it, not when it happened.';
COMMENT ON COLUMN ledger.item_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.item_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.item_version.entity_type IS 'Always ''item''.';
COMMENT ON COLUMN ledger.item_version.place_type IS 'Always ''place'': ties place_id to a place.';
COMMENT ON COLUMN ledger.item_version.actor_type IS 'Always ''actor'': ties the state columns to actors.';
CREATE TRIGGER item_version_version BEFORE INSERT ON ledger.item_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER item_version_append_only BEFORE UPDATE OR DELETE ON ledger.item_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER item_version_no_truncate BEFORE TRUNCATE ON ledger.item_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE FUNCTION ledger.check_item_attributes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    key text;
    value jsonb;
    expected text;
BEGIN
    FOR key, value IN SELECT * FROM jsonb_each(NEW.attributes) LOOP
        SELECT value_type INTO expected FROM ledger.evidence_kind_attribute WHERE kind = NEW.kind AND attribute = key;
        IF expected IS NULL THEN
            RAISE EXCEPTION 'attribute "%" is not one of a % item''s attributes', key, NEW.kind
                USING ERRCODE = 'EL103', HINT = 'see ledger.evidence_kind_attribute for the attributes of each kind';
        END IF;
        IF expected = 'integer' AND NOT (jsonb_typeof(value) = 'number' AND value::text ~ '^-?[0-9]+$') THEN
            RAISE EXCEPTION 'attribute "%" of a % item must be a whole number, not %', key, NEW.kind, value USING ERRCODE = 'EL103';
        ELSIF expected IN ('text', 'date', 'place', 'actor') AND jsonb_typeof(value) <> 'string' THEN
            RAISE EXCEPTION 'attribute "%" of a % item must be a string, not %', key, NEW.kind, value USING ERRCODE = 'EL103';
        ELSIF expected = 'date' AND NOT (value #>> '{}') ~ '^\d{4}-\d{2}-\d{2}$' THEN
            RAISE EXCEPTION 'attribute "%" must be a date YYYY-MM-DD, not %', key, value USING ERRCODE = 'EL103';
        ELSIF expected IN ('place', 'actor') AND NOT EXISTS (
                SELECT 1 FROM ledger.entity e WHERE e.entity_type = expected AND e.external_id = value #>> '{}') THEN
            RAISE EXCEPTION 'attribute "%" names % "%", which is not in the ledger', key, expected, value #>> '{}' USING ERRCODE = 'EL103';
        END IF;
    END LOOP;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ledger.check_item_attributes() IS 'Trigger function: checks an item version''s attributes against ledger.evidence_kind_attribute (SQLSTATE EL103).';
CREATE TRIGGER item_version_attributes BEFORE INSERT ON ledger.item_version FOR EACH ROW EXECUTE FUNCTION ledger.check_item_attributes();
CREATE TABLE ledger.item_actor (
    item_id       uuid NOT NULL,
    item_version  integer NOT NULL,
    actor_id      uuid NOT NULL,
    role          ledger.actor_role NOT NULL,
    actor_type    text NOT NULL GENERATED ALWAYS AS ('actor') STORED,
    CONSTRAINT item_actor_pkey PRIMARY KEY (item_id, item_version, actor_id, role),
    CONSTRAINT item_actor_parent_fkey FOREIGN KEY (item_id, item_version) REFERENCES ledger.item_version (entity_id, version),
    CONSTRAINT item_actor_actor_fkey FOREIGN KEY (actor_id, actor_type) REFERENCES ledger.entity (id, entity_type)
);
COMMENT ON TABLE ledger.item_actor IS 'Actors of an evidence item version, with their roles.';
COMMENT ON COLUMN ledger.item_actor.item_id IS 'The evidence item.';
COMMENT ON COLUMN ledger.item_actor.item_version IS 'The version of the evidence item this row belongs to (children are recorded anew with every version).';
COMMENT ON COLUMN ledger.item_actor.actor_id IS 'The actor.';
COMMENT ON COLUMN ledger.item_actor.role IS 'The actor''s role in the item: perpetrator, facilitator, operator, owner, stated-by, reported-by, victim, other.';
COMMENT ON COLUMN ledger.item_actor.actor_type IS 'Always ''actor''.';
CREATE TRIGGER item_actor_append_only BEFORE UPDATE OR DELETE ON ledger.item_actor FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER item_actor_with_parent BEFORE INSERT ON ledger.item_actor FOR EACH ROW EXECUTE FUNCTION ledger.check_child_row('item_version', 'item_id', 'item_version');
CREATE TRIGGER item_actor_no_truncate BEFORE TRUNCATE ON ledger.item_actor FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.item_source (
    item_id       uuid NOT NULL,
    item_version  integer NOT NULL,
    source_id     uuid NOT NULL,
    ordinal       integer NOT NULL CHECK (ordinal >= 1),
    locator       text,
    quote         text,
    source_type   text NOT NULL GENERATED ALWAYS AS ('source') STORED,
    CONSTRAINT item_source_pkey PRIMARY KEY (item_id, item_version, ordinal),
    CONSTRAINT item_source_parent_fkey FOREIGN KEY (item_id, item_version) REFERENCES ledger.item_version (entity_id, version),
    CONSTRAINT item_source_source_fkey FOREIGN KEY (source_id, source_type) REFERENCES ledger.entity (id, entity_type)
);
COMMENT ON TABLE ledger.item_source IS 'Sources of an evidence item version, with locators and quotes.';
COMMENT ON COLUMN ledger.item_source.item_id IS 'The evidence item.';
COMMENT ON COLUMN ledger.item_source.item_version IS 'The version of the evidence item this row belongs to (children are recorded anew with every version).';
COMMENT ON COLUMN ledger.item_source.source_id IS 'The source.';
COMMENT ON COLUMN ledger.item_source.ordinal IS 'Order of the source within the item.';
COMMENT ON COLUMN ledger.item_source.locator IS 'Where in the source: page, paragraph, timestamp.';
COMMENT ON COLUMN ledger.item_source.quote IS 'The words quoted from the source, verbatim.';
COMMENT ON COLUMN ledger.item_source.source_type IS 'Always ''source''.';
CREATE TRIGGER item_source_append_only BEFORE UPDATE OR DELETE ON ledger.item_source FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER item_source_with_parent BEFORE INSERT ON ledger.item_source FOR EACH ROW EXECUTE FUNCTION ledger.check_child_row('item_version', 'item_id', 'item_version');
CREATE TRIGGER item_source_no_truncate BEFORE TRUNCATE ON ledger.item_source FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.item_exhibit (
    item_id       uuid NOT NULL,
    item_version  integer NOT NULL,
    exhibit_id    uuid NOT NULL,
    ordinal       integer NOT NULL CHECK (ordinal >= 1),
    note          text,
    CONSTRAINT item_exhibit_pkey PRIMARY KEY (item_id, item_version, ordinal),
    CONSTRAINT item_exhibit_parent_fkey FOREIGN KEY (item_id, item_version) REFERENCES ledger.item_version (entity_id, version),
    CONSTRAINT item_exhibit_exhibit_fkey FOREIGN KEY (exhibit_id) REFERENCES ledger.exhibit (entity_id)
);
COMMENT ON TABLE ledger.item_exhibit IS 'Exhibits of an evidence item version.';
COMMENT ON COLUMN ledger.item_exhibit.item_id IS 'The evidence item.';
COMMENT ON COLUMN ledger.item_exhibit.item_version IS 'The version of the evidence item this row belongs to (children are recorded anew with every version).';
COMMENT ON COLUMN ledger.item_exhibit.exhibit_id IS 'The exhibit.';
COMMENT ON COLUMN ledger.item_exhibit.ordinal IS 'Order of the exhibit within the item.';
COMMENT ON COLUMN ledger.item_exhibit.note IS 'What the exhibit shows for this item.';
CREATE TRIGGER item_exhibit_append_only BEFORE UPDATE OR DELETE ON ledger.item_exhibit FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER item_exhibit_with_parent BEFORE INSERT ON ledger.item_exhibit FOR EACH ROW EXECUTE FUNCTION ledger.check_child_row('item_version', 'item_id', 'item_version');
CREATE TRIGGER item_exhibit_no_truncate BEFORE TRUNCATE ON ledger.item_exhibit FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- ---------------------------------------------------------------------------------------------------------
-- Links from an evidence item to a criterion element (or to a provision that has no elements): the relation,
-- the information credibility (1–6), the argument in words and who asserted it. Contrary evidence is
-- first-class: 'contradicts' and 'qualifies' links are kept and shown like 'supports'.

CREATE TABLE ledger.link_version (
    entity_id      uuid NOT NULL,
    version        integer NOT NULL CHECK (version >= 1),
    item_id        uuid NOT NULL,
    criterion_id   uuid NOT NULL,
    criterion_type text NOT NULL CHECK (criterion_type IN ('element', 'provision')),
    relation       ledger.link_relation NOT NULL,
    credibility    ledger.information_credibility NOT NULL,
    argument       text NOT NULL CHECK (btrim(argument) <> ''),
    asserted_by    text NOT NULL DEFAULT session_user,
    withdrawn      boolean NOT NULL DEFAULT false,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    recorded_by    text NOT NULL DEFAULT session_user,
    change_reason  text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type    text NOT NULL GENERATED ALWAYS AS ('link') STORED,
    item_type      text NOT NULL GENERATED ALWAYS AS ('item') STORED,
    CONSTRAINT link_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT link_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT link_version_item_fkey FOREIGN KEY (item_id, item_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT link_version_criterion_fkey FOREIGN KEY (criterion_id, criterion_type) REFERENCES ledger.entity (id, entity_type)
);
COMMENT ON TABLE ledger.link_version IS 'Versions of links from an evidence item to a criterion element (or a provision without elements): relation, information credibility 1–6, and the argument.';
COMMENT ON COLUMN ledger.link_version.entity_id IS 'The link (ledger.entity.id).';
COMMENT ON COLUMN ledger.link_version.version IS 'Version number, 1 for the first record.';
COMMENT ON COLUMN ledger.link_version.item_id IS 'The evidence item.';
COMMENT ON COLUMN ledger.link_version.criterion_id IS 'The criterion element, or the provision when it has no elements.';
COMMENT ON COLUMN ledger.link_version.criterion_type IS 'element or provision.';
COMMENT ON COLUMN ledger.link_version.relation IS 'supports, qualifies or contradicts.';
COMMENT ON COLUMN ledger.link_version.credibility IS 'Information credibility of the claim as it bears on this element, 1 (confirmed by other sources) to 6 (cannot be judged).';
COMMENT ON COLUMN ledger.link_version.argument IS 'The reasoning, in words.';
COMMENT ON COLUMN ledger.link_version.asserted_by IS 'Who asserts the link (database user or a named researcher).';
COMMENT ON COLUMN ledger.link_version.withdrawn IS 'True when this version withdraws the link (it stays in history).';
COMMENT ON COLUMN ledger.link_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.link_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.link_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.link_version.entity_type IS 'Always ''link''.';
COMMENT ON COLUMN ledger.link_version.item_type IS 'Always ''item'': ties item_id to an item.';
CREATE TRIGGER link_version_version BEFORE INSERT ON ledger.link_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();

CREATE FUNCTION ledger.check_link() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT NEW.withdrawn AND EXISTS (
        SELECT 1 FROM ledger.item_version v WHERE v.entity_id = NEW.item_id
        AND v.version = (SELECT max(version) FROM ledger.item_version WHERE entity_id = NEW.item_id) AND v.status = 'withdrawn') THEN
        RAISE EXCEPTION 'the item is withdrawn: it cannot be linked to a criterion' USING ERRCODE = 'EL105';
    END IF;
    IF NEW.criterion_type = 'provision' AND EXISTS (SELECT 1 FROM ledger.element_version e WHERE e.provision_id = NEW.criterion_id) THEN
        RAISE EXCEPTION 'the provision has elements: link the item to one of its elements' USING ERRCODE = 'EL108';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ledger.check_link() IS 'Trigger function: a link may not tie a withdrawn item (SQLSTATE EL105), nor a provision that has elements rather than one of its elements (EL108).';
CREATE TRIGGER link_version_check BEFORE INSERT ON ledger.link_version FOR EACH ROW EXECUTE FUNCTION ledger.check_link();
CREATE TRIGGER link_version_append_only BEFORE UPDATE OR DELETE ON ledger.link_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER link_version_no_truncate BEFORE TRUNCATE ON ledger.link_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- ---------------------------------------------------------------------------------------------------------
-- Current views: the latest version of each entity, with external ids resolved; what auditors read first.

CREATE VIEW ledger.current_instrument AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS code, v.title, v.kind, v.symbol, v.adopted_on, v.registered_on, v.in_force, v.notes,
       v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.instrument_version v JOIN ledger.entity e ON e.id = v.entity_id
ORDER BY v.entity_id, v.version DESC;

CREATE VIEW ledger.current_provision AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS code, i.external_id AS instrument, v.label, v.body, v.text_status,
       v.text_source, v.notes, v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.provision_version v JOIN ledger.entity e ON e.id = v.entity_id JOIN ledger.entity i ON i.id = v.instrument_id
ORDER BY v.entity_id, v.version DESC;

CREATE VIEW ledger.current_element AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS code, p.external_id AS provision, v.body, v.basis, v.ordinal,
       v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.element_version v JOIN ledger.entity e ON e.id = v.entity_id JOIN ledger.entity p ON p.id = v.provision_id
ORDER BY v.entity_id, v.version DESC;

CREATE VIEW ledger.current_source AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS id, v.title, v.publisher, v.site, v.url, v.author, v.published_on,
       v.published_precision, v.language, v.kind, v.reliability, v.grading_note, v.protection, v.notes,
       v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.source_version v JOIN ledger.entity e ON e.id = v.entity_id
ORDER BY v.entity_id, v.version DESC;

CREATE VIEW ledger.current_actor AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS id, v.kind, s.external_id AS state, v.identifiers, v.notes,
       v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.actor_version v JOIN ledger.entity e ON e.id = v.entity_id LEFT JOIN ledger.entity s ON s.id = v.state_id
ORDER BY v.entity_id, v.version DESC;

CREATE VIEW ledger.current_place AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS id, v.kind, s.external_id AS state, w.external_id AS within,
       v.latitude, v.longitude, v.coordinates_source, v.notes, v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.place_version v JOIN ledger.entity e ON e.id = v.entity_id
LEFT JOIN ledger.entity s ON s.id = v.state_id LEFT JOIN ledger.entity w ON w.id = v.within_id
ORDER BY v.entity_id, v.version DESC;

CREATE VIEW ledger.current_item AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS id, v.kind, v.title, v.description, v.occurred, v.occurred_precision,
       p.external_id AS place, a.external_id AS acting_state, t.external_id AS territorial_state, v.attributes,
       v.claim_status, v.status, v.reviewer, v.review_note, v.version, v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.item_version v JOIN ledger.entity e ON e.id = v.entity_id
LEFT JOIN ledger.entity p ON p.id = v.place_id LEFT JOIN ledger.entity a ON a.id = v.acting_state_id
LEFT JOIN ledger.entity t ON t.id = v.territorial_state_id
ORDER BY v.entity_id, v.version DESC;

CREATE VIEW ledger.current_link AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS id, i.external_id AS item, c.external_id AS criterion, v.criterion_type,
       v.relation, v.credibility, v.argument, v.asserted_by, v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.link_version v JOIN ledger.entity e ON e.id = v.entity_id
JOIN ledger.entity i ON i.id = v.item_id JOIN ledger.entity c ON c.id = v.criterion_id
ORDER BY v.entity_id, v.version DESC;

-- The public-safe face for ledger_reader: no restricted or protected sources.
CREATE VIEW ledger.public_source AS
SELECT id, title, publisher, site, url, author, published_on, published_precision, language, kind, reliability,
       grading_note, version, recorded_at
FROM ledger.current_source WHERE protection = 'public' AND NOT withdrawn;

COMMENT ON VIEW ledger.current_instrument IS 'The latest version of every legal instrument.';
COMMENT ON COLUMN ledger.current_instrument.code IS 'The instruments code, e.g. UNGA-3314.';
COMMENT ON COLUMN ledger.current_instrument.withdrawn IS 'True when the latest version withdraws it.';
COMMENT ON COLUMN ledger.current_instrument.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.current_instrument.recorded_at IS 'When that version was recorded.';
COMMENT ON COLUMN ledger.current_instrument.recorded_by IS 'Who recorded that version.';
COMMENT ON COLUMN ledger.current_instrument.entity_id IS 'Internal id (ledger.entity.id).';
COMMENT ON VIEW ledger.current_provision IS 'The latest version of every provision, with its verbatim text and text status.';
COMMENT ON COLUMN ledger.current_provision.code IS 'The provisions code, e.g. UNGA-3314/3(f).';
COMMENT ON COLUMN ledger.current_provision.instrument IS 'The instruments code.';
COMMENT ON COLUMN ledger.current_provision.body IS 'The verbatim text.';
COMMENT ON COLUMN ledger.current_provision.withdrawn IS 'True when the latest version withdraws it.';
COMMENT ON COLUMN ledger.current_provision.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.current_provision.recorded_at IS 'When that version was recorded.';
COMMENT ON COLUMN ledger.current_provision.recorded_by IS 'Who recorded that version.';
COMMENT ON COLUMN ledger.current_provision.entity_id IS 'Internal id (ledger.entity.id).';
COMMENT ON VIEW ledger.current_element IS 'The latest version of every criterion element.';
COMMENT ON COLUMN ledger.current_element.code IS 'The elements code, e.g. UNGA-3314/3(f).1.';
COMMENT ON COLUMN ledger.current_element.provision IS 'The provisions code.';
COMMENT ON COLUMN ledger.current_element.body IS 'What must be shown.';
COMMENT ON COLUMN ledger.current_element.withdrawn IS 'True when the latest version withdraws it.';
COMMENT ON COLUMN ledger.current_element.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.current_element.recorded_at IS 'When that version was recorded.';
COMMENT ON COLUMN ledger.current_element.recorded_by IS 'Who recorded that version.';
COMMENT ON COLUMN ledger.current_element.entity_id IS 'Internal id (ledger.entity.id).';
COMMENT ON VIEW ledger.current_source IS 'The latest version of every source, all protection levels (for researchers, reviewers and auditors).';
COMMENT ON COLUMN ledger.current_source.id IS 'The sources external id.';
COMMENT ON COLUMN ledger.current_source.withdrawn IS 'True when the latest version withdraws it.';
COMMENT ON COLUMN ledger.current_source.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.current_source.recorded_at IS 'When that version was recorded.';
COMMENT ON COLUMN ledger.current_source.recorded_by IS 'Who recorded that version.';
COMMENT ON COLUMN ledger.current_source.entity_id IS 'Internal id (ledger.entity.id).';
COMMENT ON VIEW ledger.current_actor IS 'The latest version of every actor; names in ledger.actor_name.';
COMMENT ON COLUMN ledger.current_actor.id IS 'The actors external id.';
COMMENT ON COLUMN ledger.current_actor.state IS 'External id of the state the actor belongs to.';
COMMENT ON COLUMN ledger.current_actor.withdrawn IS 'True when the latest version withdraws it.';
COMMENT ON COLUMN ledger.current_actor.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.current_actor.recorded_at IS 'When that version was recorded.';
COMMENT ON COLUMN ledger.current_actor.recorded_by IS 'Who recorded that version.';
COMMENT ON COLUMN ledger.current_actor.entity_id IS 'Internal id (ledger.entity.id).';
COMMENT ON VIEW ledger.current_place IS 'The latest version of every place; names in ledger.place_name.';
COMMENT ON COLUMN ledger.current_place.id IS 'The places external id.';
COMMENT ON COLUMN ledger.current_place.state IS 'External id of the state it lies in.';
COMMENT ON COLUMN ledger.current_place.within IS 'External id of the larger place.';
COMMENT ON COLUMN ledger.current_place.withdrawn IS 'True when the latest version withdraws it.';
COMMENT ON COLUMN ledger.current_place.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.current_place.recorded_at IS 'When that version was recorded.';
COMMENT ON COLUMN ledger.current_place.recorded_by IS 'Who recorded that version.';
COMMENT ON COLUMN ledger.current_place.entity_id IS 'Internal id (ledger.entity.id).';
COMMENT ON VIEW ledger.current_item IS 'The latest version of every evidence item, withdrawn ones included (status withdrawn).';
COMMENT ON COLUMN ledger.current_item.id IS 'The items external id.';
COMMENT ON COLUMN ledger.current_item.place IS 'External id of the place.';
COMMENT ON COLUMN ledger.current_item.acting_state IS 'External id of the acting state.';
COMMENT ON COLUMN ledger.current_item.territorial_state IS 'External id of the territorial state.';
COMMENT ON COLUMN ledger.current_item.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.current_item.recorded_at IS 'When that version was recorded.';
COMMENT ON COLUMN ledger.current_item.recorded_by IS 'Who recorded that version.';
COMMENT ON COLUMN ledger.current_item.entity_id IS 'Internal id (ledger.entity.id).';
COMMENT ON VIEW ledger.current_link IS 'The latest version of every link from an item to a criterion element or provision.';
COMMENT ON COLUMN ledger.current_link.id IS 'The links external id.';
COMMENT ON COLUMN ledger.current_link.item IS 'External id of the item.';
COMMENT ON COLUMN ledger.current_link.criterion IS 'Code of the element or provision.';
COMMENT ON COLUMN ledger.current_link.withdrawn IS 'True when the latest version withdraws it.';
COMMENT ON COLUMN ledger.current_link.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.current_link.recorded_at IS 'When that version was recorded.';
COMMENT ON COLUMN ledger.current_link.recorded_by IS 'Who recorded that version.';
COMMENT ON COLUMN ledger.current_link.entity_id IS 'Internal id (ledger.entity.id).';
COMMENT ON VIEW ledger.public_source IS 'Public, not withdrawn sources only: what ledger_reader may see.';
COMMENT ON COLUMN ledger.public_source.id IS 'The sources external id.';
COMMENT ON COLUMN ledger.public_source.version IS 'The version shown (the latest).';
COMMENT ON COLUMN ledger.public_source.recorded_at IS 'When that version was recorded.';

-- View columns without a comment of their own take the comment of the column they show.
DO $comments$
DECLARE
    r record;
    source_comment text;
BEGIN
    FOR r IN
        SELECT c.relname AS view_name, a.attname AS column_name,
               CASE WHEN c.relname = 'public_source' THEN 'source_version'
                    ELSE regexp_replace(c.relname, '^current_', '') || '_version' END AS table_name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'ledger' AND c.relkind = 'v' AND col_description(c.oid, a.attnum) IS NULL
    LOOP
        SELECT col_description(t.oid, ta.attnum) INTO source_comment
        FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace
        JOIN pg_attribute ta ON ta.attrelid = t.oid AND ta.attname = r.column_name
        WHERE tn.nspname = 'ledger' AND t.relname = r.table_name;
        IF source_comment IS NULL THEN
            RAISE EXCEPTION 'no comment to copy for ledger.%.%', r.view_name, r.column_name;
        END IF;
        EXECUTE format('COMMENT ON COLUMN ledger.%I.%I IS %L', r.view_name, r.column_name, source_comment);
    END LOOP;
END
$comments$;

-- Only reviewers verify or dispute.
CREATE FUNCTION ledger.check_item_review() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    is_reviewer boolean := pg_catalog.pg_has_role(session_user, 'ledger_reviewer', 'MEMBER');
BEGIN
    IF NEW.status IN ('verified', 'disputed') AND NOT is_reviewer THEN
        RAISE EXCEPTION 'only a reviewer (a member of ledger_reviewer) may mark an item %', NEW.status
            USING ERRCODE = '42501';
    END IF;
    IF NEW.review_note IS NOT NULL AND NOT is_reviewer THEN
        RAISE EXCEPTION 'only a reviewer (a member of ledger_reviewer) records a review note' USING ERRCODE = '42501';
    END IF;
    -- The reviewer is whoever records the review, never a name given.
    NEW.reviewer := CASE WHEN NEW.review_note IS NOT NULL THEN session_user END;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ledger.check_item_review() IS 'Trigger function: only members of ledger_reviewer may mark an item verified or disputed or record a review note; the reviewer column is set to the session user who does.';
CREATE TRIGGER item_version_review BEFORE INSERT ON ledger.item_version FOR EACH ROW EXECUTE FUNCTION ledger.check_item_review();

-- ---------------------------------------------------------------------------------------------------------
-- Privileges: nobody but the owner may UPDATE, DELETE or TRUNCATE anything.

GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO ledger_researcher, ledger_reviewer, ledger_auditor;
REVOKE ALL ON ledger.source_identity FROM ledger_researcher, ledger_reviewer, ledger_auditor;
GRANT SELECT, INSERT ON ledger.source_identity TO ledger_protected;
GRANT USAGE ON SCHEMA ledger TO ledger_protected;

GRANT INSERT ON ledger.entity, ledger.instrument_version, ledger.provision_version, ledger.element_version,
    ledger.source_version, ledger.exhibit_content, ledger.exhibit, ledger.actor_version, ledger.actor_name,
    ledger.place_version, ledger.place_name, ledger.item_version, ledger.item_actor, ledger.item_source,
    ledger.item_exhibit, ledger.link_version
    TO ledger_researcher;
GRANT INSERT ON ledger.item_version, ledger.item_actor, ledger.item_source, ledger.item_exhibit TO ledger_reviewer;

GRANT SELECT ON ledger.vocabulary, ledger.evidence_kind_attribute, ledger.current_instrument, ledger.current_provision,
    ledger.current_element, ledger.current_actor, ledger.actor_name, ledger.current_place, ledger.place_name,
    ledger.current_item, ledger.current_link, ledger.public_source
    TO ledger_reader;
