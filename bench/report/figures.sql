-- bench/report: the figures `sada report --scores-only --by stage --by device --by week` gives,
-- in plain SQL over the raw scores (one row per answer): for NPS, CSAT and CES, overall and per
-- stage, device and ISO week, N, the score (NPS, or % in the top box), the mean and the
-- distribution. WEEK(day) stands for the ISO week label ("2026-W03") of a day number; the runner
-- writes it in each engine's dialect (sqlite3 and DuckDB), the rest is the same text for both.
WITH cells AS (
  SELECT day, stage, device, kind, scale_min, scale_max, value, count(*) AS n
  FROM scores
  GROUP BY day, stage, device, kind, scale_min, scale_max, value
),
weeks AS (
  SELECT DISTINCT day, WEEK(day) AS week FROM cells
),
keyed AS (
  SELECT 'overall' AS section, '' AS key, kind, scale_min, scale_max, value, n FROM cells
  UNION ALL
  SELECT 'stage', CASE stage WHEN '' THEN '(unknown)' ELSE stage END, kind, scale_min, scale_max, value, n FROM cells
  UNION ALL
  SELECT 'device', CASE device WHEN '' THEN '(unknown)' ELSE device END, kind, scale_min, scale_max, value, n FROM cells
  UNION ALL
  SELECT 'week', w.week, kind, scale_min, scale_max, value, n FROM cells JOIN weeks w USING (day)
),
distribution AS (
  SELECT section, key, kind, scale_min, scale_max, value, sum(n) AS n
  FROM keyed
  GROUP BY section, key, kind, scale_min, scale_max, value
)
SELECT section, key, kind, scale_min, scale_max,
       sum(n) AS n,
       CASE kind
         WHEN 'nps' THEN 100.0 * (coalesce(sum(n) FILTER (WHERE value >= 9), 0) -
                                  coalesce(sum(n) FILTER (WHERE value <= 6), 0)) / sum(n)
         WHEN 'ces' THEN 100.0 * coalesce(sum(n) FILTER (WHERE value >= CASE scale_max WHEN 7 THEN 5 ELSE scale_max - 1 END), 0) / sum(n)
         ELSE 100.0 * coalesce(sum(n) FILTER (WHERE value >= scale_max - 1), 0) / sum(n)
       END AS score,
       1.0 * sum(n * value) / sum(n) AS mean,
       group_concat(value || ':' || n, ' ') AS distribution
FROM distribution
GROUP BY section, key, kind, scale_min, scale_max
ORDER BY section, key, kind;
