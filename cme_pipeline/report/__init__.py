"""The Quality Council packet: a report page, its PDF and the PARS upload file, from the published marts."""
