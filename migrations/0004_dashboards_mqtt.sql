CREATE TABLE "mqtt_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"broker_url" text NOT NULL,
	"topic" text NOT NULL,
	"format" text NOT NULL,
	"stream_id" uuid,
	"username" text,
	"password_sealed" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"messages" bigint DEFAULT 0 NOT NULL,
	"accepted_points" bigint DEFAULT 0 NOT NULL,
	"rejected_points" bigint DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"last_error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mqtt_sources" ADD CONSTRAINT "mqtt_sources_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mqtt_sources" ADD CONSTRAINT "mqtt_sources_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mqtt_sources" ADD CONSTRAINT "mqtt_sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mqtt_sources_org_idx" ON "mqtt_sources" USING btree ("org_id","created_at");