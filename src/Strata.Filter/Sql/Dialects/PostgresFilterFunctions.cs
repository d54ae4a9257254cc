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

    /// <summary>
    /// The name of the function giving a jsonb string (or object/array JSON text) as text. Objects and arrays are
    /// rendered compactly (<c>{"a":1}</c>), like SQLite's <c>json_extract</c>, rather than in jsonb's spaced form;
    /// jsonb keeps object keys sorted, so objects with several keys may still list them in another order.
    /// </summary>
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

CREATE OR REPLACE FUNCTION strata_json_compact(j jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $strata$
BEGIN
  RETURN CASE jsonb_typeof(j)
    WHEN 'object' THEN '{' || COALESCE((SELECT string_agg(to_json(e.k)::text || ':' || strata_json_compact(e.v), ',' ORDER BY e.n)
      FROM jsonb_each(j) WITH ORDINALITY AS e(k, v, n)), '') || '}'
    WHEN 'array' THEN '[' || COALESCE((SELECT string_agg(strata_json_compact(e.v), ',' ORDER BY e.n)
      FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, n)), '') || ']'
    ELSE CAST(j AS text) END;
END
$strata$;

CREATE OR REPLACE FUNCTION strata_json_text(j jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $strata$
  SELECT CASE jsonb_typeof(j) WHEN 'string' THEN j #>> '{}' WHEN 'object' THEN strata_json_compact(j)
    WHEN 'array' THEN strata_json_compact(j) END
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

CREATE OR REPLACE FUNCTION strata_jd_ms(y integer, m integer, d integer) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $strata$
DECLARE
  a integer;
BEGIN
  -- SQLite's computeJD: milliseconds since the Julian day epoch at 00:00 of y-m-d (astronomical years,
  -- day overflow rolls into the next month). Integer division truncates as in C.
  IF m <= 2 THEN
    y := y - 1;
    m := m + 12;
  END IF;
  a := (y + 4800) / 100;
  RETURN ((((36525 * (y::bigint + 4716)) / 100 + (306001 * (m::bigint + 1)) / 10000 + d + 38 - a + a / 4)
    - 1524.5) * 86400000)::bigint;
END
$strata$;

CREATE OR REPLACE FUNCTION strata_strftime(fmt text, tv text, VARIADIC mods text[] DEFAULT ARRAY[]::text[])
RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $strata$
DECLARE
  -- Like SQLite, time is milliseconds since the Julian day epoch; valid from 4714 BC to 9999 AD. Calendar
  -- arithmetic uses strata_jd_ms, so no PostgreSQL date function ever sees an out-of-range value.
  epoch_ms constant bigint := 210866760000000;
  max_ms constant bigint := 464269060799999;
  ms bigint;
  ts timestamp;
  num double precision;
  x double precision;
  p text[];
  m text;
  amount double precision;
  xform double precision;
  whole integer;
  y integer;
  mo integer;
  d integer;
  tod bigint;
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
      x := num * 1000.0 + 210866760000000.0;
      IF NOT (x >= 0 AND x < 464269060800000.0) THEN RETURN NULL; END IF;
      ms := trunc(x + 0.5)::bigint;
      start_idx := 2;
    ELSE
      IF NOT (num >= 0 AND num < 5373484.5) THEN RETURN NULL; END IF;
      ms := trunc(num * 86400000.0 + 0.5)::bigint;
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
    ms := strata_jd_ms(y, mo, d) + coalesce(p[5], '0')::bigint * 3600000 + coalesce(p[6], '0')::bigint * 60000
      + trunc((coalesce(p[7], '0') || coalesce(p[8], ''))::double precision * 1000 + 0.5)::bigint;
    IF p[9] IS NOT NULL AND lower(p[9]) <> 'z' THEN
      IF substr(p[9], 2, 2)::integer > 14 OR substr(p[9], 5, 2)::integer > 59 THEN RETURN NULL; END IF;
      ms := ms - (CASE WHEN left(p[9], 1) = '-' THEN -1 ELSE 1 END)
        * (substr(p[9], 2, 2)::bigint * 3600000 + substr(p[9], 5, 2)::bigint * 60000);
    END IF;
  END IF;

  FOR k IN start_idx .. coalesce(array_length(mods, 1), 0) LOOP
    m := lower(mods[k]);
    IF m IS NULL THEN
      RETURN NULL;
    END IF;
    p := regexp_match(m, '^([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))\s+(day|hour|minute|second|month|year)s?$');
    IF m IN ('start of day', 'start of month', 'start of year') OR p[2] IN ('month', 'year') THEN
      -- These work on the calendar date, which exists only for a valid time.
      IF ms < 0 OR ms > max_ms THEN
        RETURN NULL;
      END IF;
      ts := timestamp '1970-01-01' + (ms - epoch_ms) * interval '1 millisecond';
      y := extract(year FROM ts)::integer;
      IF y < 0 THEN y := y + 1; END IF;
      mo := extract(month FROM ts)::integer;
      d := extract(day FROM ts)::integer;
      tod := ms - strata_jd_ms(y, mo, d);
    END IF;
    IF m = 'start of day' THEN
      ms := strata_jd_ms(y, mo, d);
    ELSIF m = 'start of month' THEN
      ms := strata_jd_ms(y, mo, 1);
    ELSIF m = 'start of year' THEN
      ms := strata_jd_ms(y, 1, 1);
    ELSIF p IS NULL OR length(p[1]) > 15 THEN
      RETURN NULL;
    ELSE
      amount := p[1]::double precision;
      IF p[2] IN ('month', 'year') THEN
        IF abs(amount) > 1e6 THEN RETURN NULL; END IF;
        whole := trunc(amount)::integer;
        total := y * 12 + mo - 1 + CASE WHEN p[2] = 'month' THEN whole ELSE whole * 12 END;
        y := floor(total / 12.0)::integer;
        ms := strata_jd_ms(y, total - y * 12 + 1, d) + tod;
        amount := amount - whole;
      END IF;
      xform := CASE p[2] WHEN 'second' THEN 1.0 WHEN 'minute' THEN 60.0 WHEN 'hour' THEN 3600.0 WHEN 'day' THEN 86400.0
        WHEN 'month' THEN 2592000.0 ELSE 31536000.0 END;
      x := amount * 1000.0 * xform;
      IF abs(x) > 1e18 THEN RETURN NULL; END IF;
      ms := ms + trunc(x + CASE WHEN amount < 0 THEN -0.5 ELSE 0.5 END)::bigint;
    END IF;
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
        WHEN 's' THEN (ms / 1000 - 210866760000)::text
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
