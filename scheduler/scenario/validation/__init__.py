"""The scenario's validation across its files, and its messages in plain words."""
