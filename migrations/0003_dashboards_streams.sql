CREATE TABLE "stream_points" (
	"stream_id" uuid NOT NULL,
	"series_id" integer NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"values" double precision[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_rollups" (
	"stream_id" uuid NOT NULL,
	"resolution_seconds" integer NOT NULL,
	"field" smallint NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"series_id" integer NOT NULL,
	"count" bigint NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last" double precision NOT NULL,
	"last_time" timestamp with time zone NOT NULL,
	CONSTRAINT "stream_rollups_stream_id_resolution_seconds_field_bucket_series_id_pk" PRIMARY KEY("stream_id","resolution_seconds","field","bucket","series_id")
);
--> statement-breakpoint
CREATE TABLE "stream_series" (
	"id" serial PRIMARY KEY NOT NULL,
	"stream_id" uuid NOT NULL,
	"key" text NOT NULL,
	"tags" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "streams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"tag_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"retention_days" integer NOT NULL,
	"point_count" bigint DEFAULT 0 NOT NULL,
	"rolled_up_to" timestamp with time zone,
	"rollup_dirty_from" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stream_series" ADD CONSTRAINT "stream_series_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "streams" ADD CONSTRAINT "streams_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "streams" ADD CONSTRAINT "streams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stream_points_time_brin" ON "stream_points" USING brin ("time");--> statement-breakpoint
CREATE INDEX "stream_points_stream_time_idx" ON "stream_points" USING btree ("stream_id","time");--> statement-breakpoint
CREATE UNIQUE INDEX "stream_series_stream_key_idx" ON "stream_series" USING btree ("stream_id","key");--> statement-breakpoint
CREATE INDEX "stream_series_tags_idx" ON "stream_series" USING gin ("tags");--> statement-breakpoint
CREATE UNIQUE INDEX "streams_org_name_idx" ON "streams" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "streams_org_created_idx" ON "streams" USING btree ("org_id","created_at","id");--> statement-breakpoint
-- Points and rollups carry no foreign key (a per-row check would slow COPY); this removes them
-- with their stream, whether the stream is deleted itself or with its organisation.
CREATE FUNCTION "delete_stream_data"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "stream_points" WHERE "stream_id" = OLD."id";
	DELETE FROM "stream_rollups" WHERE "stream_id" = OLD."id";
	RETURN OLD;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "streams_delete_data" AFTER DELETE ON "streams" FOR EACH ROW EXECUTE FUNCTION "delete_stream_data"();
