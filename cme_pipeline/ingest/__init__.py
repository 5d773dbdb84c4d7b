"""Getting delivered files into the raw layer: read any format, map the export's shape onto the
contract, check every row at the door, and load or quarantine each one with a reason."""
