-- AlterTable
ALTER TABLE "couriers" ADD COLUMN     "last_seen_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "dropoff_instructions" TEXT,
ADD COLUMN     "dropoff_room" TEXT,
ADD COLUMN     "ready_at" TIMESTAMPTZ(3),
ADD COLUMN     "restaurant_name" TEXT NOT NULL DEFAULT '';
