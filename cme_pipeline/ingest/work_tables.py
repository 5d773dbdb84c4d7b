"""The temporary tables a file passes through on its way in, named once.

    reader  -> INCOMING (every record as text, positional columns c0.., with its line) and REJECTS (lines
               DuckDB's CSV reader could not split, with the reason)
    checks  -> CHECKED (the contract's columns in canonical form, the first `_problem`, a `_warning`)
               and DUPLICATES (rows repeating an earlier row, or sharing a key with different values)
    loader  -> BATCH_FILES (each file of a batch: its index `_file`, name and checksum), then
               raw.<feed>, raw._quarantine, raw._ingest_warnings (ledger.py), then drops them all.
"""

INCOMING = "_incoming"
REJECTS = "_rejects"
CHECKED = "_checked"
DUPLICATES = "_duplicates"
# The readers' own scratch tables.
CSV_UNNUMBERED = "_incoming_unnumbered"
CSV_REJECT_ERRORS = "_csv_reject_errors"
CSV_REJECT_SCANS = "_csv_reject_scans"
EXCEL_FRAME = "_xlsx_frame"
CSV_PATHS = "_csv_paths"
BATCH_FILES = "_batch_files"

ALL = (INCOMING, REJECTS, CHECKED, DUPLICATES, CSV_UNNUMBERED, CSV_REJECT_ERRORS, CSV_REJECT_SCANS, BATCH_FILES,
       CSV_PATHS)
