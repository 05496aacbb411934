"""Regenerate data/clients.csv, the synthetic sample client file (python data/make_sample.py).

The sample is the firm's export as French Windows software writes it: Windows-1252, ';', CRLF.
Two rows carry deliberate mistakes (a SIREN typo, a malformed e-mail) so the demo shows warnings.
"""

from pathlib import Path

from campaign.synthetic import make_clients, write_csv

clients = make_clients(60, seed=2027)
clients[6].siret = clients[6].siret.replace(" ", "")[:-1] + str((int(clients[6].siret[-1]) + 1) % 10)
clients[11].email = "compta.durand@@example"
write_csv(Path(__file__).with_name("clients.csv"), clients)
