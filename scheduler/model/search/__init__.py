"""How the model is searched: one CP-SAT search and its settings (solver.py), the objective's
stages (stages.py) over the students' ranks (ranks.py), the due weeks guessed first
(weeks.py), the linear relaxation's bound (relaxation.py), and literals fixed for a while
(copies.py)."""
