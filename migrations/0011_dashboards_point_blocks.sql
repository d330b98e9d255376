CREATE TABLE "stream_point_blocks" (
	"stream_id" uuid NOT NULL,
	"series_id" integer NOT NULL,
	"block_start" timestamp with time zone NOT NULL,
	"first_time" timestamp with time zone NOT NULL,
	"last_time" timestamp with time zone NOT NULL,
	"point_count" integer NOT NULL,
	"field_count" smallint NOT NULL,
	"times" "bytea" NOT NULL,
	"values" "bytea" NOT NULL
);
--> statement-breakpoint
DROP INDEX "stream_points_time_brin";--> statement-breakpoint
ALTER TABLE "stream_point_blocks" ADD CONSTRAINT "stream_point_blocks_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stream_point_blocks_stream_start_idx" ON "stream_point_blocks" USING btree ("stream_id","block_start");--> statement-breakpoint
CREATE INDEX "stream_point_blocks_start_brin" ON "stream_point_blocks" USING brin ("block_start");--> statement-breakpoint
-- Blocks are read whole and their bytes barely compress (offsets and measurements): storing them
-- uncompressed spares compressing on write and decompressing on every read, and lets a read of
-- one field fetch only that field's part of `values`.
ALTER TABLE "stream_point_blocks" ALTER COLUMN "times" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "stream_point_blocks" ALTER COLUMN "values" SET STORAGE EXTERNAL;
