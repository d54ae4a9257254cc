namespace Strata.Filter.Sql.Dialects;

/// <summary>
/// Server-side functions the PostgreSQL dialect calls. Strata.Core runs <see cref="CreateSql"/> once per database at
/// startup (it is idempotent: <c>CREATE OR REPLACE</c>).
/// </summary>
public static class PostgresFilterFunctions
{
    /// <summary>The name of the SQLite-compatible strftime function.</summary>
    public const string StrftimeName = "strata_strftime";

    /// <summary>The name of the Haversine distance function (km).</summary>
    public const string GeoDistanceName = "strata_geo_distance";

    /// <summary>The name of the function giving a jsonb value's SQLite storage class (NULL, 1 number, 2 text).</summary>
    public const string JsonClassName = "strata_json_class";

    /// <summary>The name of the function giving a jsonb number/boolean as double precision.</summary>
    public const string JsonNumberName = "strata_json_number";

    /// <summary>The name of the function giving a number's text the way SQLite casts it.</summary>
    public const string NumberTextName = "strata_number_text";

    /// <summary>The name of the function giving a jsonb string (or object/array JSON text) as text.</summary>
    public const string JsonTextName = "strata_json_text";

    /// <summary>
    /// Creates the helper functions: the jsonb views and <c>strata_geo_distance</c> (plain SQL functions, so the
    /// planner inlines them), and <c>strata_strftime(format text, time text, VARIADIC modifiers text[])</c> with SQLite semantics for
    /// the supported subset: time values as SQLite date/time text (optional <c>T</c>, fraction, <c>Z</c> or
    /// <c>±HH:MM</c>), <c>now</c>, or a number (Julian day, or Unix seconds with a leading <c>unixepoch</c>);
    /// modifiers <c>unixepoch</c>, <c>start of day|month|year</c>, <c>±N days|hours|minutes|seconds|months|years</c>
    /// (month/year overflow rolls over like SQLite); formats <c>%d %e %f %F %H %I %j %k %l %m %M %p %P %R %s %S %T
    /// %u %w %Y %%</c>. Anything else gives NULL, as SQLite does for invalid input. Times are kept to the
    /// millisecond like SQLite.
    /// </summary>
    public const string CreateSql = """
CREATE OR REPLACE FUNCTION strata_json_class(j jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $strata$
  SELECT CASE jsonb_typeof(j) WHEN 'number' THEN 1 WHEN 'boolean' THEN 1 WHEN 'string' THEN 2
    WHEN 'object' THEN 2 WHEN 'array' THEN 2 END
$strata$;

CREATE OR REPLACE FUNCTION strata_json_number(j jsonb) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $strata$
  SELECT CASE jsonb_typeof(j)
    WHEN 'boolean' THEN CASE WHEN j = 'true'::jsonb THEN 1.0 ELSE 0.0 END
    WHEN 'number' THEN CASE WHEN abs(CAST(j AS numeric)) BETWEEN 1e-300 AND 1e300 OR CAST(j AS numeric) = 0
      THEN CAST(CAST(j AS numeric) AS double precision) END
  END
$strata$;

CREATE OR REPLACE FUNCTION strata_json_text(j jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $strata$
  SELECT CASE jsonb_typeof(j) WHEN 'string' THEN j #>> '{}' WHEN 'object' THEN CAST(j AS text)
    WHEN 'array' THEN CAST(j AS text) END
$strata$;

CREATE OR REPLACE FUNCTION strata_geo_distance(lon_a double precision, lat_a double precision,
  lon_b double precision, lat_b double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $strata$
  SELECT 12742.0 * asin(sqrt(LEAST(1.0,
    sin(radians(lat_b - lat_a) / 2) ^ 2
    + cos(radians(lat_a)) * cos(radians(lat_b)) * sin(radians(lon_b - lon_a) / 2) ^ 2)))
$strata$;

CREATE OR REPLACE FUNCTION strata_number_text(x double precision) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $strata$
DECLARE
  n numeric;
  e integer;
  m text;
BEGIN
  -- SQLite's text of a number: integers as integers, other values as printf('%!.15g').
  IF x = trunc(x) AND abs(x) < 9e15 THEN
    RETURN CAST(CAST(x AS bigint) AS text);
  END IF;
  IF x = 'Infinity'::double precision THEN RETURN 'Inf'; END IF;
  IF x = '-Infinity'::double precision THEN RETURN '-Inf'; END IF;
  IF x <> x THEN RETURN NULL; END IF;
  n := round(CAST(x AS numeric), 14 - floor(log(10, abs(CAST(x AS numeric))))::integer);
  e := floor(log(10, abs(n)))::integer;
  IF e < -4 OR e >= 15 THEN
    m := CAST(trim_scale(n / power(10::numeric, e)) AS text);
    IF position('.' IN m) = 0 THEN m := m || '.0'; END IF;
    RETURN m || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || lpad(abs(e)::text, 2, '0');
  END IF;
  m := CAST(trim_scale(n) AS text);
  IF position('.' IN m) = 0 THEN m := m || '.0'; END IF;
  RETURN m;
END
$strata$;

CREATE OR REPLACE FUNCTION strata_strftime(fmt text, tv text, VARIADIC mods text[] DEFAULT ARRAY[]::text[])
RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $strata$
DECLARE
  -- Like SQLite, time is kept as milliseconds since the Julian day epoch; valid from 4714 BC to 9999 AD.
  epoch_ms constant bigint := 210866760000000;
  max_ms constant bigint := 464269060799999;
  ms bigint;
  ts timestamp;
  num double precision;
  p text[];
  m text;
  amount double precision;
  unit_ms double precision;
  whole integer;
  y integer;
  mo integer;
  d integer;
  total integer;
  start_idx integer := 1;
  res text := '';
  i integer := 1;
  c text;
  ytext text;
BEGIN
  IF fmt IS NULL OR tv IS NULL THEN
    RETURN NULL;
  END IF;
  IF lower(tv) = 'now' THEN
    ms := floor(extract(epoch FROM now()) * 1000)::bigint + epoch_ms;
  ELSIF tv ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,2})?\s*$' THEN
    num := regexp_replace(tv, '^\s+|\s+$', '', 'g')::double precision;
    IF coalesce(array_length(mods, 1), 0) > 0 AND lower(mods[1]) = 'unixepoch' THEN
      IF abs(num) > 1e13 THEN RETURN NULL; END IF;
      ms := round(num * 1000)::bigint + epoch_ms;
      start_idx := 2;
    ELSE
      IF abs(num) > 1e10 THEN RETURN NULL; END IF;
      ms := round(num * 86400000)::bigint;
    END IF;
  ELSE
    p := regexp_match(tv, '^(?:(-?)(\d{4})-(\d{2})-(\d{2}))?(?:[\s T]*(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(z|[-+]\d{2}:\d{2})?)?[\s T]*$', 'i');
    IF p IS NULL OR (p[2] IS NULL AND (p[5] IS NULL OR tv !~ '^[0-9]')) THEN
      RETURN NULL;
    END IF;
    y := coalesce(p[2], '2000')::integer * CASE WHEN p[1] = '-' THEN -1 ELSE 1 END;
    mo := coalesce(p[3], '01')::integer;
    d := coalesce(p[4], '01')::integer;
    IF mo < 1 OR mo > 12 OR d < 1 OR d > 31 THEN RETURN NULL; END IF;
    IF p[5] IS NOT NULL AND (p[5]::integer > 24 OR p[6]::integer > 59 OR coalesce(p[7], '0')::integer > 59) THEN
      RETURN NULL;
    END IF;
    ts := make_date(CASE WHEN y <= 0 THEN y - 1 ELSE y END, mo, 1)::timestamp + make_interval(days => d - 1)
      + make_interval(hours => coalesce(p[5], '0')::integer, mins => coalesce(p[6], '0')::integer,
                      secs => round((coalesce(p[7], '0') || coalesce(p[8], ''))::numeric, 3));
    IF p[9] IS NOT NULL AND lower(p[9]) <> 'z' THEN
      ts := ts - (CASE WHEN left(p[9], 1) = '-' THEN -1 ELSE 1 END)
        * make_interval(hours => substr(p[9], 2, 2)::integer, mins => substr(p[9], 5, 2)::integer);
    END IF;
    ms := floor(extract(epoch FROM ts) * 1000)::bigint + epoch_ms;
  END IF;

  FOR k IN start_idx .. coalesce(array_length(mods, 1), 0) LOOP
    m := lower(mods[k]);
    IF ms < 0 OR ms > max_ms THEN
      RETURN NULL;
    END IF;
    ts := timestamp '1970-01-01' + (ms - epoch_ms) * interval '1 millisecond';
    IF m IS NULL THEN
      RETURN NULL;
    ELSIF m = 'start of day' THEN
      ts := date_trunc('day', ts);
    ELSIF m = 'start of month' THEN
      ts := date_trunc('month', ts);
    ELSIF m = 'start of year' THEN
      ts := date_trunc('year', ts);
    ELSE
      p := regexp_match(m, '^([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))\s+(day|hour|minute|second|month|year)s?$');
      IF p IS NULL OR length(p[1]) > 15 THEN
        RETURN NULL;
      END IF;
      amount := p[1]::double precision;
      IF p[2] IN ('month', 'year') THEN
        whole := trunc(amount)::integer;
        IF abs(whole) > 200000 THEN RETURN NULL; END IF;
        y := extract(year FROM ts)::integer;
        IF y < 0 THEN y := y + 1; END IF;
        total := y * 12 + extract(month FROM ts)::integer - 1 + CASE WHEN p[2] = 'month' THEN whole ELSE whole * 12 END;
        y := floor(total / 12.0)::integer;
        mo := total - y * 12 + 1;
        IF y < -4713 OR y > 9999 THEN RETURN NULL; END IF;
        ts := make_date(CASE WHEN y <= 0 THEN y - 1 ELSE y END, mo, 1)::timestamp
          + make_interval(days => extract(day FROM ts)::integer - 1) + (ts - date_trunc('day', ts));
        amount := (amount - whole) * CASE WHEN p[2] = 'month' THEN 30 ELSE 365 END;
        unit_ms := 86400000;
      ELSE
        unit_ms := CASE p[2] WHEN 'day' THEN 86400000 WHEN 'hour' THEN 3600000 WHEN 'minute' THEN 60000 ELSE 1000 END;
      END IF;
      IF abs(amount * unit_ms) > 1e15 THEN RETURN NULL; END IF;
      ms := floor(extract(epoch FROM ts) * 1000)::bigint + epoch_ms + round(amount * unit_ms)::bigint;
      CONTINUE;
    END IF;
    ms := floor(extract(epoch FROM ts) * 1000)::bigint + epoch_ms;
  END LOOP;

  IF ms < 0 OR ms > max_ms THEN
    RETURN NULL;
  END IF;
  ts := timestamp '1970-01-01' + (ms - epoch_ms) * interval '1 millisecond';
  y := extract(year FROM ts)::integer;
  IF y < 0 THEN y := y + 1; END IF;
  ytext := CASE WHEN y >= 0 THEN lpad(y::text, 4, '0') WHEN y > -1000 THEN '-' || lpad((-y)::text, 3, '0') ELSE y::text END;

  WHILE i <= length(fmt) LOOP
    c := substr(fmt, i, 1);
    IF c <> '%' THEN
      res := res || c;
    ELSE
      i := i + 1;
      c := substr(fmt, i, 1);
      res := res || CASE c
        WHEN 'd' THEN to_char(ts, 'DD')
        WHEN 'e' THEN lpad(extract(day FROM ts)::integer::text, 2, ' ')
        WHEN 'f' THEN to_char(ts, 'SS') || '.' || lpad((ms % 1000)::text, 3, '0')
        WHEN 'F' THEN ytext || to_char(ts, '-MM-DD')
        WHEN 'H' THEN to_char(ts, 'HH24')
        WHEN 'I' THEN to_char(ts, 'HH12')
        WHEN 'j' THEN to_char(ts, 'DDD')
        WHEN 'k' THEN lpad(extract(hour FROM ts)::integer::text, 2, ' ')
        WHEN 'l' THEN lpad(((extract(hour FROM ts)::integer + 11) % 12 + 1)::text, 2, ' ')
        WHEN 'm' THEN to_char(ts, 'MM')
        WHEN 'M' THEN to_char(ts, 'MI')
        WHEN 'p' THEN CASE WHEN extract(hour FROM ts) < 12 THEN 'AM' ELSE 'PM' END
        WHEN 'P' THEN CASE WHEN extract(hour FROM ts) < 12 THEN 'am' ELSE 'pm' END
        WHEN 'R' THEN to_char(ts, 'HH24:MI')
        WHEN 's' THEN ((ms - epoch_ms - ((ms - epoch_ms) % 1000 + 1000) % 1000) / 1000)::text
        WHEN 'S' THEN to_char(ts, 'SS')
        WHEN 'T' THEN to_char(ts, 'HH24:MI:SS')
        WHEN 'u' THEN extract(isodow FROM ts)::integer::text
        WHEN 'w' THEN extract(dow FROM ts)::integer::text
        WHEN 'Y' THEN ytext
        WHEN '%' THEN '%'
        END;
      IF res IS NULL THEN
        RETURN NULL;
      END IF;
    END IF;
    i := i + 1;
  END LOOP;
  RETURN res;
END
$strata$;
""";
}
