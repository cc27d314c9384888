"""What-if exploration: many solves of one scenario's variants, run in parallel."""
