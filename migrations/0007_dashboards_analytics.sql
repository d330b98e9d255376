CREATE TABLE "stream_anomalies" (
	"stream_id" uuid NOT NULL,
	"field" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"expected" double precision NOT NULL,
	"score" double precision NOT NULL,
	CONSTRAINT "stream_anomalies_stream_id_field_time_pk" PRIMARY KEY("stream_id","field","time")
);
--> statement-breakpoint
CREATE TABLE "stream_forecasts" (
	"stream_id" uuid NOT NULL,
	"field" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"points" jsonb NOT NULL,
	CONSTRAINT "stream_forecasts_stream_id_field_pk" PRIMARY KEY("stream_id","field")
);
--> statement-breakpoint
CREATE TABLE "stream_insights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stream_id" uuid NOT NULL,
	"field" text NOT NULL,
	"text" text NOT NULL,
	"change" double precision NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stream_anomalies" ADD CONSTRAINT "stream_anomalies_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_forecasts" ADD CONSTRAINT "stream_forecasts_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_insights" ADD CONSTRAINT "stream_insights_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stream_insights_stream_idx" ON "stream_insights" USING btree ("stream_id","computed_at");