"""The wizard window of one open draft and the parts it owns.

``window.WizardWindow`` lays out the side list of steps, the step pages (``pagestack``), the
problems panel and the status bar, and moves between the steps. It owns ``menus`` (the actions
and the export buttons, connected to its slots), ``status`` (the step list's marks, the counts
and the summary line), ``saving`` (autosave, the lock and its heartbeat, read-only, save as,
restoring a version, last year's report) and ``focus`` (F6 round the areas, F8 to the next
problem).
"""
