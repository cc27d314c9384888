"""Reading and writing a scenario: folders of YAML and CSV, and workbooks."""
