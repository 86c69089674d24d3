-- CreateTable
CREATE TABLE "Group" (
    "name" TEXT NOT NULL,
    "description" TEXT,
    "roleArn" TEXT,
    "precedence" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "groupName" TEXT NOT NULL,
    "userSub" UUID NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("groupName","userSub")
);

-- CreateIndex
CREATE INDEX "GroupMember_userSub_idx" ON "GroupMember"("userSub");

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_groupName_fkey" FOREIGN KEY ("groupName") REFERENCES "Group"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_userSub_fkey" FOREIGN KEY ("userSub") REFERENCES "User"("sub") ON DELETE CASCADE ON UPDATE CASCADE;
