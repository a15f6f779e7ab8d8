-- Written by hand: trigram operators and the gin_trgm_ops indexes below need pg_trgm. The embedded
-- PGlite database loads the extension when it starts (see openDatabase's `extensions`).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "restaurants" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "building" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "location_description" TEXT,
    "prep_time_minutes" INTEGER NOT NULL,
    "rating" DECIMAL(2,1) NOT NULL,
    "rating_count" INTEGER NOT NULL,
    "price_level" SMALLINT NOT NULL,
    "image_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "restaurants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "restaurant_cuisines" (
    "restaurant_id" UUID NOT NULL,
    "cuisine" TEXT NOT NULL,
    "position" SMALLINT NOT NULL,

    CONSTRAINT "restaurant_cuisines_pkey" PRIMARY KEY ("restaurant_id","cuisine")
);

-- CreateTable
CREATE TABLE "opening_periods" (
    "restaurant_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "day" SMALLINT NOT NULL,
    "opens" VARCHAR(5) NOT NULL,
    "closes" VARCHAR(5) NOT NULL,
    "start_minute" INTEGER NOT NULL,
    "end_minute" INTEGER NOT NULL,

    CONSTRAINT "opening_periods_pkey" PRIMARY KEY ("restaurant_id","position")
);

-- CreateTable
CREATE TABLE "menu_sections" (
    "id" UUID NOT NULL,
    "restaurant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" SMALLINT NOT NULL,

    CONSTRAINT "menu_sections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "menu_items" (
    "id" UUID NOT NULL,
    "restaurant_id" UUID NOT NULL,
    "section_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "price_cents" INTEGER NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "spice_level" SMALLINT NOT NULL,
    "available" BOOLEAN NOT NULL DEFAULT true,
    "calories" INTEGER,
    "position" SMALLINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "menu_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "restaurants_slug_key" ON "restaurants"("slug");

-- CreateIndex
CREATE INDEX "restaurants_name_trgm_idx" ON "restaurants" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "restaurant_cuisines_cuisine_idx" ON "restaurant_cuisines"("cuisine");

-- CreateIndex
CREATE INDEX "restaurant_cuisines_cuisine_trgm_idx" ON "restaurant_cuisines" USING GIN ("cuisine" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "opening_periods_start_minute_end_minute_idx" ON "opening_periods"("start_minute", "end_minute");

-- CreateIndex
CREATE INDEX "menu_sections_name_trgm_idx" ON "menu_sections" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "menu_sections_restaurant_id_name_key" ON "menu_sections"("restaurant_id", "name");

-- CreateIndex
CREATE INDEX "menu_items_restaurant_id_price_cents_idx" ON "menu_items"("restaurant_id", "price_cents");

-- CreateIndex
CREATE INDEX "menu_items_section_id_position_idx" ON "menu_items"("section_id", "position");

-- CreateIndex
CREATE INDEX "menu_items_price_cents_idx" ON "menu_items"("price_cents");

-- CreateIndex
CREATE INDEX "menu_items_tags_idx" ON "menu_items" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "menu_items_name_trgm_idx" ON "menu_items" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "menu_items_restaurant_id_name_key" ON "menu_items"("restaurant_id", "name");

-- AddForeignKey
ALTER TABLE "restaurant_cuisines" ADD CONSTRAINT "restaurant_cuisines_restaurant_id_fkey" FOREIGN KEY ("restaurant_id") REFERENCES "restaurants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "opening_periods" ADD CONSTRAINT "opening_periods_restaurant_id_fkey" FOREIGN KEY ("restaurant_id") REFERENCES "restaurants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "menu_sections" ADD CONSTRAINT "menu_sections_restaurant_id_fkey" FOREIGN KEY ("restaurant_id") REFERENCES "restaurants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "menu_items" ADD CONSTRAINT "menu_items_restaurant_id_fkey" FOREIGN KEY ("restaurant_id") REFERENCES "restaurants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "menu_items" ADD CONSTRAINT "menu_items_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "menu_sections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma's schema cannot express these): full-text indexes on descriptions. Queries
-- must use exactly these expressions, to_tsvector('english', <column>), for PostgreSQL to use them.
CREATE INDEX "restaurants_description_fts_idx" ON "restaurants" USING GIN (to_tsvector('english', "description"));
CREATE INDEX "menu_items_description_fts_idx" ON "menu_items" USING GIN (to_tsvector('english', "description"));

-- Written by hand: the rules the API validates, kept by the database as well.
ALTER TABLE "restaurants"
  ADD CONSTRAINT "restaurants_rating_check" CHECK ("rating" >= 0 AND "rating" <= 5),
  ADD CONSTRAINT "restaurants_rating_count_check" CHECK ("rating_count" >= 0),
  ADD CONSTRAINT "restaurants_price_level_check" CHECK ("price_level" BETWEEN 1 AND 3),
  ADD CONSTRAINT "restaurants_prep_time_check" CHECK ("prep_time_minutes" BETWEEN 1 AND 180);
ALTER TABLE "opening_periods"
  ADD CONSTRAINT "opening_periods_day_check" CHECK ("day" BETWEEN 0 AND 6),
  ADD CONSTRAINT "opening_periods_window_check" CHECK ("start_minute" >= 0 AND "end_minute" > "start_minute");
ALTER TABLE "menu_items"
  ADD CONSTRAINT "menu_items_price_check" CHECK ("price_cents" >= 0),
  ADD CONSTRAINT "menu_items_spice_check" CHECK ("spice_level" BETWEEN 0 AND 3),
  ADD CONSTRAINT "menu_items_calories_check" CHECK ("calories" IS NULL OR "calories" >= 0);
