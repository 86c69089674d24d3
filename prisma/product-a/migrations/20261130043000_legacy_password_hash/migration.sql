-- Product A's own password hash (bcrypt) from before the universal login: read once, by the user
-- migration trigger, when the person first signs in at the login service.
ALTER TABLE "User" ADD COLUMN "legacyPasswordHash" TEXT;
