ALTER TABLE "stream_rollups" ADD COLUMN "sketch_keys" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "stream_rollups" ADD COLUMN "sketch_counts" bigint[] DEFAULT '{}'::bigint[] NOT NULL;--> statement-breakpoint
-- Rollups made before sketches have empty ones: mark them stale from their first bucket, so the
-- rollup job recomputes them with sketches; until it has, queries read those buckets from raw points.
UPDATE "streams" SET "rollup_dirty_from" = least("streams"."rollup_dirty_from", "first"."bucket")
FROM (SELECT "stream_id", min("bucket") AS "bucket" FROM "stream_rollups" GROUP BY "stream_id") AS "first"
WHERE "first"."stream_id" = "streams"."id";
