"""Diskret's only store of personal data: consented leads and their consent records.

``database`` owns the connection, ``models`` the tables (other stores add theirs to
the same ``Base``), ``crypto`` the keys, ``vault`` the rules, ``webhook`` the CRM push,
``crm_events`` the erasure and withdrawal notices the CRM has yet to accept.
"""
