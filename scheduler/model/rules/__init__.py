"""The model's rules in CP-SAT: its variables, every rule of a valid plan (constraints.py,
one method per rule family), the objective, the rules a department may bend (slack.py), and
keeping to an earlier plan (keep.py)."""
