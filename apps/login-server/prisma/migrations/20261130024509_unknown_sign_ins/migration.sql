-- CreateTable
CREATE TABLE "UnknownSignIn" (
    "loginHash" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnknownSignIn_pkey" PRIMARY KEY ("loginHash")
);

-- CreateIndex
CREATE INDEX "UnknownSignIn_updatedAt_idx" ON "UnknownSignIn"("updatedAt");
