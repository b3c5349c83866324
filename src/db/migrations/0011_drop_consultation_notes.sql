-- The consultation notes were copied into consultation_versions (version 1) by 0010.
DROP TABLE "consultation_notes" CASCADE;