CREATE TABLE "dashboard_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dashboard_id" uuid NOT NULL,
	"format" text NOT NULL,
	"frequency" text NOT NULL,
	"hour_utc" integer NOT NULL,
	"weekday" integer,
	"recipients" text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dashboard_reports" ADD CONSTRAINT "dashboard_reports_dashboard_id_dashboards_id_fk" FOREIGN KEY ("dashboard_id") REFERENCES "public"."dashboards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_reports" ADD CONSTRAINT "dashboard_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_reports_due_idx" ON "dashboard_reports" USING btree ("next_run_at");--> statement-breakpoint
CREATE INDEX "dashboard_reports_dashboard_idx" ON "dashboard_reports" USING btree ("dashboard_id");