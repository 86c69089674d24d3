-- AlterEnum
ALTER TYPE "CodePurpose" ADD VALUE 'VERIFY_EMAIL';
