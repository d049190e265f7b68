-- report-scope.sql: what 'tcptop analyze report' looks at; every other report-*.sql reads it.
--
-- Sets the report's span and bucket length, and creates what the report files read instead of
-- the plain views (and report_block_addresses, the addresses the address filter takes):
--   report_connections  the connections that overlap the window and match the filters
--   report_bandwidth    their bandwidth lines (one per connection per tick) whose tick ends
--                       inside the window
--   report_events       the records inside the window whose flow matches the filters; records
--                       without a flow (LOSS, ticks, session records) always count, as in replay
-- Run it first, then one report file; 'tcptop analyze report --print-sql=NAME' prints both:
--   tcptop analyze sql SOURCE "$(tcptop analyze report --print-sql=rtt)"
--
-- Used by:    tcptop analyze report SOURCE -o FILE
-- Reads:      sessions, connections, bandwidth, events, losses (see views.sql)
-- Parameters: from_ts, to_ts  the window, TIMESTAMP_NS (default: from the first session's start
--                             to the last one's end)
--             pid, process, port, proto, address
--                             the filters (default: none). A connection matches by its latest
--                             owner (pid, comm), either port, its protocol ('tcp' or 'udp') and
--                             either address lying in the block `address` ('10.0.0.0/8',
--                             '2001:db8::/32', '192.0.2.7'; an IPv4 block also takes IPv4-mapped
--                             IPv6 addresses); all of its lines count, whoever owned it at each tick.
--             cgroup, container, netns
--                             the owner filters (default: none), as replay's --cgroup (the cgroup
--                             '/system.slice' and below), --container (an id prefix) and --netns
--                             (an inode): by the connection's latest owner, like pid and process.
--             bucket          bucket length, an INTERVAL (default: chosen from the span, below)
--             top             series per chart; the rest are summed as "other" (default 8)
--             rtt_connections connections in the RTT chart (default 5)
--             rows            rows of the top connections table (default 50)
--             peer_cidr_above peers are grouped into /24 (IPv4) and /64 (IPv6) networks when
--                             more distinct addresses than this are in the report (default 32)

SET VARIABLE top = coalesce(getvariable('top'), 8);
SET VARIABLE rtt_connections = coalesce(getvariable('rtt_connections'), 5);
SET VARIABLE rows = coalesce(getvariable('rows'), 50);
SET VARIABLE peer_cidr_above = coalesce(getvariable('peer_cidr_above'), 32);
SET VARIABLE hosts = (SELECT count(DISTINCT host) FROM sessions);

SET VARIABLE span_start = coalesce(getvariable('from_ts'), (SELECT min(start_ts) FROM sessions));
SET VARIABLE span_end = coalesce(getvariable('to_ts'), (SELECT max(coalesce(end_ts, last_ts)) FROM sessions));

-- The shortest bucket that is no shorter than a tick (the bandwidth lines' resolution) and
-- leaves at most 200 buckets in the span: 10 s of recording gets 1 s buckets, 10 h gets 5 min.
SET VARIABLE bucket = coalesce(getvariable('bucket'), (
  SELECT b
  FROM unnest([INTERVAL 100 millisecond, INTERVAL 200 millisecond, INTERVAL 500 millisecond,
               INTERVAL 1 second, INTERVAL 2 second, INTERVAL 5 second, INTERVAL 10 second,
               INTERVAL 15 second, INTERVAL 30 second, INTERVAL 1 minute, INTERVAL 2 minute,
               INTERVAL 5 minute, INTERVAL 10 minute, INTERVAL 15 minute, INTERVAL 30 minute,
               INTERVAL 1 hour, INTERVAL 2 hour, INTERVAL 3 hour, INTERVAL 6 hour,
               INTERVAL 12 hour, INTERVAL 24 hour]) AS candidates(b)
  WHERE epoch_us(b) * 1000 >= (SELECT coalesce(max(tick_interval_ns), 0) FROM sessions)
    AND epoch_us(b) * 1000 * 200
        >= epoch_ns(getvariable('span_end')) - epoch_ns(getvariable('span_start'))
  ORDER BY epoch_us(b)
  LIMIT 1), INTERVAL 7 day);

-- Buckets start at multiples of the bucket length (DuckDB's time_bucket); the first one holds
-- the span's start.
SET VARIABLE first_bucket = time_bucket(getvariable('bucket'), getvariable('span_start'));

CREATE OR REPLACE MACRO report_in_window(t) AS
  (getvariable('from_ts') IS NULL OR t >= getvariable('from_ts'))
  AND (getvariable('to_ts') IS NULL OR t <= getvariable('to_ts'));

-- Bytes of one bucket as bytes per second.
CREATE OR REPLACE MACRO report_rate(bucket_bytes) AS
  round(bucket_bytes / (epoch_us(getvariable('bucket')) / 1e6), 1);

-- A process as the charts name it: "comm (pid)", "-" for no name as in replay; with its host
-- when the report covers several.
CREATE OR REPLACE MACRO report_process(p_host, p_pid, p_comm) AS
  CASE WHEN getvariable('hosts') > 1 THEN p_host || ' ' ELSE '' END
  || coalesce(nullif(p_comm, ''), '-') || ' (' || p_pid || ')';

-- The owner of a connection as the container chart names it: the container (the id's first 12
-- characters, or an lxc container's name), else the systemd unit its cgroup path ends in
-- (nginx.service, session-3.scope), else the path; "(none)" without a cgroup (a journal recorded
-- before tcptop knew owners, a host without cgroup v2, a cgroup removed before it was named).
CREATE OR REPLACE MACRO report_owner(o_cgroup, o_container) AS
  CASE WHEN coalesce(o_container, '') <> ''
         THEN CASE WHEN regexp_matches(o_container, '^[0-9a-f]{13,}$') THEN left(o_container, 12) ELSE o_container END
       WHEN coalesce(o_cgroup, '') = '' THEN '(none)'
       ELSE coalesce(nullif(regexp_extract(o_cgroup, '^.*/([^/]+[.](service|scope))(/.*)?$', 1), ''), o_cgroup)
  END;

-- A connection as the RTT chart names it.
CREATE OR REPLACE MACRO report_connection(c_comm, c_local_addr, c_local_port, c_remote_addr, c_remote_port) AS
  coalesce(nullif(c_comm, ''), '-') || ' ' || endpoint(c_local_addr, c_local_port)
  || ' > ' || endpoint(c_remote_addr, c_remote_port);

-- The /64 network of an IPv6 address in RFC 5952 text: the "::" run written out as zero groups,
-- the first four groups kept, their trailing zero groups folded into the final "::".
CREATE OR REPLACE MACRO report_v6_fill(a) AS
  -- With "::" inside the text (a zero group added at either end), it has as many groups as colons.
  replace(a, '::', ':' || repeat('0:', 8 - (length(a) - length(replace(a, ':', '')))));
CREATE OR REPLACE MACRO report_v6_full(a) AS
  CASE WHEN NOT contains(a, '::') THEN a
       ELSE report_v6_fill(CASE WHEN starts_with(a, '::') THEN '0' ELSE '' END || a
                           || CASE WHEN ends_with(a, '::') THEN '0' ELSE '' END) END;
CREATE OR REPLACE MACRO report_v6_net(expanded) AS
  regexp_replace(regexp_replace(split_part(expanded, ':', 1) || ':' || split_part(expanded, ':', 2) || ':'
                                || split_part(expanded, ':', 3) || ':' || split_part(expanded, ':', 4), '(:0)+$', ''),
                 '^0$', '') || '::/64';

-- A peer as the peer chart names it: its address, or its network when there are many
-- (IPv4 and IPv4-mapped IPv6 addresses by /24, IPv6 by /64).
CREATE OR REPLACE MACRO report_peer(addr) AS
  CASE
    WHEN NOT getvariable('peer_cidr') THEN addr
    WHEN regexp_matches(addr, '^(::ffff:)?[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$')
      THEN regexp_extract(addr, '([0-9]+\.[0-9]+\.[0-9]+)\.[0-9]+$', 1) || '.0/24'
    ELSE report_v6_net(report_v6_full(addr))
  END;

-- The address filter: an IPv4 block is compared in the IPv4-mapped space (its prefix plus 96
-- bits), so it takes IPv4 addresses and IPv4-mapped IPv6 ones; an IPv6 block takes IPv6
-- addresses only, as 'tcptop replay --address' does.
SET VARIABLE address_v4 = NOT contains(getvariable('address'), ':');
SET VARIABLE address_bits = coalesce(nullif(split_part(getvariable('address'), '/', 2), '')::INTEGER,
                                     CASE WHEN getvariable('address_v4') THEN 32 ELSE 128 END)
                            + CASE WHEN getvariable('address_v4') THEN 96 ELSE 0 END;

-- The addresses of the recording that lie in the block (empty without an address filter), each
-- tested once here rather than once per record. Every address, and the block's network, becomes
-- a 128-bit number: IPv6 as it is, IPv4 as its IPv4-mapped form (::ffff:a.b.c.d).
CREATE OR REPLACE TEMP TABLE report_block_addresses AS
WITH texts AS (
  SELECT addr, lower(addr) AS t
  FROM (SELECT local_addr AS addr FROM flows UNION SELECT remote_addr FROM flows
        UNION SELECT local_addr FROM connections UNION SELECT remote_addr FROM connections)
  WHERE getvariable('address') IS NOT NULL
  UNION ALL
  -- The block's network, as the row without an address.
  SELECT NULL, lower(split_part(getvariable('address'), '/', 1))
  WHERE getvariable('address') IS NOT NULL
), parts AS (
  -- A dotted IPv4 address, alone or at the end of an IPv6 one (::ffff:10.1.2.3), as a number.
  SELECT addr, t, contains(t, ':') AS v6,
         CASE WHEN contains(t, '.')
              THEN list_reduce(list_transform(string_split(regexp_extract(t, '[0-9.]+$'), '.'),
                                              lambda x: TRY_CAST(x AS UBIGINT)),
                               lambda acc, x: acc * 256 + x) END AS v4
  FROM texts
), v6_texts AS (
  -- An IPv6 address with its dotted tail written as two groups.
  SELECT addr, v6, v4,
         CASE WHEN NOT v6 THEN NULL
              WHEN contains(t, '.') THEN regexp_extract(t, '^(.*:)', 1) || printf('%x:%x', v4 >> 16, v4 & 65535)
              ELSE t END AS t
  FROM parts
), numbers AS (
  SELECT addr, v6,
         CASE WHEN v6 THEN list_reduce(list_transform(string_split(report_v6_full(t), ':'),
                                                      lambda g: TRY_CAST('0x' || g AS UBIGINT)::UHUGEINT),
                                       lambda acc, g: acc * 65536 + g)
              ELSE (65535::UHUGEINT << 32) + v4 END AS bits
  FROM v6_texts
)
SELECT a.addr
FROM numbers AS a, (SELECT bits FROM numbers WHERE addr IS NULL) AS block
WHERE a.addr IS NOT NULL
  AND (getvariable('address_v4') OR a.v6)
  AND (getvariable('address_bits') = 0
       OR a.bits >> (128 - getvariable('address_bits'))::UHUGEINT
          = block.bits >> (128 - getvariable('address_bits'))::UHUGEINT);

-- Whether a row of connections or events passes the filters.
CREATE OR REPLACE MACRO report_match(m_pid, m_comm, m_local_port, m_remote_port, m_proto, m_local_addr, m_remote_addr,
                                     m_cgroup, m_container, m_netns) AS
  (getvariable('pid') IS NULL OR m_pid = getvariable('pid'))
  AND (getvariable('process') IS NULL OR m_comm = getvariable('process'))
  AND (getvariable('port') IS NULL OR m_local_port = getvariable('port') OR m_remote_port = getvariable('port'))
  AND (getvariable('proto') IS NULL OR m_proto = getvariable('proto'))
  AND (getvariable('address') IS NULL OR m_local_addr IN (SELECT addr FROM report_block_addresses)
       OR m_remote_addr IN (SELECT addr FROM report_block_addresses))
  AND (getvariable('cgroup') IS NULL OR m_cgroup = getvariable('cgroup')
       OR (getvariable('cgroup') = '/' AND m_cgroup IS NOT NULL) OR starts_with(m_cgroup, getvariable('cgroup') || '/'))
  AND (getvariable('container') IS NULL OR starts_with(m_container, getvariable('container')))
  AND (getvariable('netns') IS NULL OR m_netns = getvariable('netns'));

-- Whether the report covers every record: no window, no filter. Parts then take the sessions'
-- own totals instead of counting millions of records again.
SET VARIABLE unfiltered = getvariable('pid') IS NULL AND getvariable('process') IS NULL
  AND getvariable('port') IS NULL AND getvariable('proto') IS NULL AND getvariable('address') IS NULL
  AND getvariable('cgroup') IS NULL AND getvariable('container') IS NULL AND getvariable('netns') IS NULL;
SET VARIABLE whole = getvariable('from_ts') IS NULL AND getvariable('to_ts') IS NULL AND getvariable('unfiltered');

CREATE OR REPLACE TEMP VIEW report_connections AS
SELECT *
FROM connections
WHERE report_match(pid, comm, local_port, remote_port, proto, local_addr, remote_addr, cgroup, container, netns)
  AND (getvariable('from_ts') IS NULL OR last_seen >= getvariable('from_ts'))
  AND (getvariable('to_ts') IS NULL OR first_seen <= getvariable('to_ts'));

-- Two branches, one of them always empty: without filters DuckDB then skips looking up every
-- line's connection.
CREATE OR REPLACE TEMP VIEW report_bandwidth AS
SELECT *
FROM bandwidth
WHERE report_in_window(ts) AND getvariable('unfiltered')
UNION ALL
SELECT b.*
FROM bandwidth AS b
SEMI JOIN report_connections AS c ON c.session = b.session AND c.connection = b.connection
WHERE report_in_window(b.ts) AND NOT getvariable('unfiltered');

CREATE OR REPLACE TEMP VIEW report_events AS
SELECT *
FROM events
WHERE report_in_window(ts)
  AND (flow IS NULL OR report_match(pid, comm, local_port, remote_port, proto, local_addr, remote_addr, cgroup, container,
                                    netns));

-- The LOSS records of report_events, read by three parts: kept once. Finding them reads every
-- record only for the sessions that lost events (the sessions' totals, which the recorder keeps
-- in its END record, say so) and have no rows in the losses view, which exports made before it
-- existed lack; every other session's are the losses view's rows. Without such sessions DuckDB
-- does not read events at all.
SET VARIABLE losses_in_events_only = (SELECT count(*) > 0 FROM sessions
                                      WHERE lost > 0 AND session NOT IN (SELECT session FROM losses));
CREATE OR REPLACE TEMP TABLE report_losses AS
SELECT ts, host, session, cause, lost
FROM losses
WHERE report_in_window(ts)
UNION ALL
SELECT ts, host, session, cause, lost
FROM report_events
WHERE kind = 'loss' AND getvariable('losses_in_events_only')
  AND session IN (SELECT session FROM sessions WHERE lost > 0 AND session NOT IN (SELECT session FROM losses));

-- Each connection's bytes inside the report, read by three parts: kept once. For the whole
-- recording they are the connections' own totals (the sums of their lines' tick_in/tick_out),
-- except for a connection that began before its journal did: a dump or a slice starts with a key
-- frame that restates its totals so far, and only the bytes of its lines are in the recording.
CREATE OR REPLACE TEMP TABLE report_connection_bytes AS
WITH began_before AS (
  SELECT c.session, c.connection
  FROM report_connections AS c
  JOIN sessions AS s ON s.session = c.session
  WHERE getvariable('whole') AND c.first_seen < s.start_ts
)
SELECT session, connection, bytes_in, bytes_out
FROM report_connections
ANTI JOIN began_before USING (session, connection)
WHERE getvariable('whole')
UNION ALL
SELECT b.session, b.connection, sum(b.tick_in), sum(b.tick_out)
FROM report_bandwidth AS b
SEMI JOIN began_before AS e ON e.session = b.session AND e.connection = b.connection
WHERE getvariable('whole')
GROUP BY b.session, b.connection
UNION ALL
SELECT session, connection, sum(tick_in), sum(tick_out)
FROM report_bandwidth
WHERE NOT getvariable('whole')
GROUP BY session, connection;

SET VARIABLE peer_cidr = (SELECT count(DISTINCT remote_addr) > getvariable('peer_cidr_above') FROM report_connections);
