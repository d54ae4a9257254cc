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

CREATE OR REPLACE FUNCTION strata_strftime(fmt text, tv text, VARIADIC mods text[] DEFAULT ARRAY[]::text[])
RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $strata$
DECLARE
  ts timestamp;
  num double precision;
  p text[];
  m text;
  amount double precision;
  unit text;
  whole integer;
  y integer;
  mo integer;
  d integer;
  start_idx integer := 1;
  res text := '';
  i integer := 1;
  c text;
BEGIN
  IF fmt IS NULL OR tv IS NULL THEN
    RETURN NULL;
  END IF;
  tv := btrim(tv);
  IF lower(tv) = 'now' THEN
    ts := date_trunc('milliseconds', now() AT TIME ZONE 'UTC');
  ELSIF tv ~ '^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,2})?$' THEN
    num := tv::double precision;
    IF coalesce(array_length(mods, 1), 0) > 0 AND lower(btrim(mods[1])) = 'unixepoch' THEN
      IF abs(num) > 1e11 THEN RETURN NULL; END IF;
      ts := timestamp '1970-01-01' + make_interval(secs => round(num * 1000) / 1000.0);
      start_idx := 2;
    ELSE
      IF num < 0 OR num > 5373484.5 THEN RETURN NULL; END IF;
      ts := timestamp '1970-01-01' + make_interval(secs => round((num - 2440587.5) * 86400000) / 1000.0);
    END IF;
  ELSE
    p := regexp_match(tv, '^(?:(\d{4})-(\d{2})-(\d{2}))?(?:(?:^|[ T])(\d{2}):(\d{2})(?::(\d{2})(\.\d*)?)?)?\s*(z|[-+]\d{2}:\d{2})?$', 'i');
    IF p IS NULL OR (p[1] IS NULL AND p[4] IS NULL) OR (p[1] IS NULL AND tv ~ '^[0-9]{4}-') THEN
      RETURN NULL;
    END IF;
    y := coalesce(p[1], '2000')::integer;
    mo := coalesce(p[2], '01')::integer;
    d := coalesce(p[3], '01')::integer;
    IF mo < 1 OR mo > 12 OR d < 1 OR d > 31 THEN RETURN NULL; END IF;
    IF p[4] IS NOT NULL AND (p[4]::integer > 24 OR p[5]::integer > 59 OR coalesce(p[6], '0')::integer > 59) THEN
      RETURN NULL;
    END IF;
    ts := make_date(y, mo, 1)::timestamp + make_interval(days => d - 1)
      + make_interval(hours => coalesce(p[4], '0')::integer, mins => coalesce(p[5], '0')::integer,
                      secs => round((coalesce(p[6], '0') || coalesce(nullif(p[7], '.'), ''))::numeric, 3));
    IF p[8] IS NOT NULL AND lower(p[8]) <> 'z' THEN
      ts := ts - (CASE WHEN left(p[8], 1) = '-' THEN -1 ELSE 1 END)
        * make_interval(hours => substr(p[8], 2, 2)::integer, mins => substr(p[8], 5, 2)::integer);
    END IF;
  END IF;

  FOR k IN start_idx .. coalesce(array_length(mods, 1), 0) LOOP
    m := lower(btrim(mods[k]));
    IF m IS NULL THEN
      RETURN NULL;
    ELSIF m = 'start of day' THEN
      ts := date_trunc('day', ts);
    ELSIF m = 'start of month' THEN
      ts := date_trunc('month', ts);
    ELSIF m = 'start of year' THEN
      ts := date_trunc('year', ts);
    ELSE
      p := regexp_match(m, '^([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))\s*(day|hour|minute|second|month|year)s?$');
      IF p IS NULL OR length(p[1]) > 15 THEN
        RETURN NULL;
      END IF;
      amount := p[1]::double precision;
      unit := p[2];
      IF unit IN ('month', 'year') THEN
        whole := trunc(amount)::integer;
        IF abs(whole) > 200000 THEN RETURN NULL; END IF;
        mo := extract(year FROM ts)::integer * 12 + extract(month FROM ts)::integer - 1
          + CASE WHEN unit = 'month' THEN whole ELSE whole * 12 END;
        IF mo < 0 OR mo > 9999 * 12 + 11 THEN RETURN NULL; END IF;
        ts := make_date(mo / 12, mo % 12 + 1, 1)::timestamp
          + make_interval(days => extract(day FROM ts)::integer - 1)
          + (ts - date_trunc('day', ts))
          + make_interval(secs => round((amount - whole) * CASE WHEN unit = 'month' THEN 30 ELSE 365 END * 86400000) / 1000.0);
      ELSE
        IF abs(amount) > 1e10 THEN RETURN NULL; END IF;
        ts := ts + make_interval(secs => round(amount * CASE unit WHEN 'day' THEN 86400000 WHEN 'hour' THEN 3600000
          WHEN 'minute' THEN 60000 ELSE 1000 END) / 1000.0);
      END IF;
    END IF;
    IF extract(year FROM ts) < 0 OR extract(year FROM ts) > 9999 THEN
      RETURN NULL;
    END IF;
  END LOOP;

  IF extract(year FROM ts) < 0 OR extract(year FROM ts) > 9999 THEN
    RETURN NULL;
  END IF;

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
        WHEN 'f' THEN to_char(ts, 'SS') || '.' || lpad((floor(extract(milliseconds FROM ts))::integer % 1000)::text, 3, '0')
        WHEN 'F' THEN to_char(ts, 'YYYY-MM-DD')
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
        WHEN 's' THEN floor(extract(epoch FROM ts))::bigint::text
        WHEN 'S' THEN to_char(ts, 'SS')
        WHEN 'T' THEN to_char(ts, 'HH24:MI:SS')
        WHEN 'u' THEN extract(isodow FROM ts)::integer::text
        WHEN 'w' THEN extract(dow FROM ts)::integer::text
        WHEN 'Y' THEN lpad(extract(year FROM ts)::integer::text, 4, '0')
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
