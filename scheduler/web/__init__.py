"""The local page (scheduler serve): a face over the jobs, as the command line is."""
