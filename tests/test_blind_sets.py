"""The frozen blind sets (issue 11): unchanged, well-formed, and a floor under the accuracy of the
test part, the half nothing was ever tuned on.

The floors sit below the figures measured when the set was frozen and after the last change
(see tests/fixtures/blind/README.md), not at 100 %: they catch a regression, they do not
describe the goal. The figures themselves come from `bench/blind_accuracy.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from campaign.clients.importer import import_client_file
from campaign.evaluation import outcomes_from_store, score
from campaign.mail.harvest import harvest_files
from campaign.workspace import init_campaign

SETS = sorted(p.parent for p in (Path(__file__).parent / "fixtures" / "blind").glob("*/labels.json"))
INTENTS = {"address", "refusal", "question", "autoreply", "bounce", "other"}

# Per set, the least the test part must keep (fractions; wrong automatic links: at most).
FLOORS: dict[str, dict[str, float]] = {
    # set10, set13 and set18 became development material at round 14's start (all read), their test figures
    # recorded first (docs/matching.md); they keep no floor.
    # set15 (Perpignan and Montpellier, mnemonic client codes, 320 replies), all test, never read, frozen during round 5:
    # round 4's code 90.3 / 92.1 / 91.7 % / 0 wrong / 64.0 / 90.8 %; round 5 90.9 / 91.7 / 92.2 % / 0 / 68.9 / 92.1 %
    # (93.1 / 92.3 / 93.6 % / 0 / 71.4 / 95.2 % once Spanish and Catalan were read, knowing the brief asked for some)
    "set15": {"intent right": 0.86, "address precision": 0.87, "address recall": 0.87,
              "address replies linked automatically": 0.63, "right client among the proposals": 0.87,
              "wrong automatic links": 0},
    # set16 (Clermont-Ferrand, client codes of digits only, 320 replies), all test, never read, frozen after round 5's
    # last change: round 4's code 95.3 / 96.1 / 96.1 % / 0 wrong / 84.6 / 96.9 %; round 5 95.9 / 96.1 / 97.1 % / 0 / 84.6 / 97.4 %
    "set16": {"intent right": 0.91, "address precision": 0.91, "address recall": 0.92,
              "address replies linked automatically": 0.78, "right client among the proposals": 0.92,
              "wrong automatic links": 0},
    # set19 (La Réunion, codes CLI0345, 240 replies), frozen after round 6's other changes, then split: its test half
    # (even files, never read): round 5's code 90.8 / 92.1 / 88.6 % / 2 wrong / 64.7 / 85.0 %; round 6 92.5 / 94.8 /
    # 92.4 % / 2 / 64.7 / 87.5 %
    "set19": {"intent right": 0.88, "address precision": 0.90, "address recall": 0.88,
              "address replies linked automatically": 0.60, "right client among the proposals": 0.83,
              "wrong automatic links": 2},
    # set20 (Corsica, codes A0345 and B0345 of two offices, 240 replies), frozen before its first run, split in halves:
    # its test half (even files, never read): round 6's code 93.3 / 93.3 / 93.3 % / 0 wrong / 67.9 / 98.8 %; round 7
    # 94.2 / 93.3 / 93.3 % / 0 / 67.9 / 98.8 %
    "set20": {"intent right": 0.90, "address precision": 0.89, "address recall": 0.89,
              "address replies linked automatically": 0.62, "right client among the proposals": 0.94,
              "wrong automatic links": 0},
    # set21 (Moselle, codes CL04512, 240 replies), all test, never read, frozen before its first run: round 6's code
    # 95.0 / 89.4 / 90.0 % / 0 wrong / 73.5 / 94.4 %; round 7 95.4 / 89.0 / 90.6 % / 0 / 75.2 / 95.0 %
    "set21": {"intent right": 0.91, "address precision": 0.85, "address recall": 0.86,
              "address replies linked automatically": 0.70, "right client among the proposals": 0.90,
              "wrong automatic links": 0},
    # set23 (Basque Country, codes 20170345 of a year and a number, mail full of addresses that are not the answer, 160
    # replies), all test, never read, written and frozen after round 7's last change: round 6's code 91.9 / 89.8 / 90.7 %
    # / 1 wrong / 74.4 / 91.7 %; round 7 93.8 / 90.7 / 90.7 % / 1 / 75.6 / 92.6 %
    "set23": {"intent right": 0.89, "address precision": 0.86, "address recall": 0.86,
              "address replies linked automatically": 0.70, "right client among the proposals": 0.88,
              "wrong automatic links": 1},
    # set24 (Val de Loire, codes BOUCHE02 of six letters and a number, 240 replies), frozen before its first run, split
    # in halves: its test half (even files, never read): round 7's code 94.2 / 92.5 / 92.5 % / 1 wrong / 60.3 / 91.4 %;
    # round 8 94.2 / 93.7 / 92.5 % / 1 / 61.9 / 91.4 %
    "set24": {"intent right": 0.90, "address precision": 0.89, "address recall": 0.88,
              "address replies linked automatically": 0.56, "right client among the proposals": 0.86,
              "wrong automatic links": 1},
    # set25 (Limousin, four-digit codes 0345 beside other numbers, 160 replies), all test, never read, frozen before its
    # first run: round 7's code 95.0 / 89.2 / 93.4 % / 1 wrong / 69.2 / 96.3 %; round 8 95.6 / 90.1 / 94.3 % / 1 / 70.5 / 96.3 %
    "set25": {"intent right": 0.91, "address precision": 0.85, "address recall": 0.89,
              "address replies linked automatically": 0.64, "right client among the proposals": 0.91,
              "wrong automatic links": 1},
    # set27 (Picardie, codes of letters only such as DUMONTJ, 160 replies), all test, never read, frozen before its
    # first run: round 7's code 93.8 / 87.6 / 90.8 % / 0 wrong / 63.5 / 92.6 %; round 8 94.4 / 87.7 / 91.7 % / 0 / 63.5 / 92.6 %
    # (88.5 % precision before the fixes from the round's review)
    "set27": {"intent right": 0.90, "address precision": 0.83, "address recall": 0.87,
              "address replies linked automatically": 0.66, "right client among the proposals": 0.90,
              "wrong automatic links": 0},
    # (round 9 read set27's codes of letters only, from its brief: auto-linked 63.5 -> 73.0 %, right client proposed
    # 92.6 -> 95.4 %, the rest unchanged)
    # set28 (Auvergne, letter codes TIXIERM / TIXIERMA cut differently, 240 replies), frozen before its first run, split
    # in halves: its test half (even files, never read): round 8's code 89.2 / 87.2 / 90.7 % / 0 wrong / 68.8 / 93.8 %;
    # round 9 90.0 / 88.3 / 90.7 % / 0 / 72.9 / 93.8 %
    "set28": {"intent right": 0.86, "address precision": 0.84, "address recall": 0.86,
              "address replies linked automatically": 0.66, "right client among the proposals": 0.88,
              "wrong automatic links": 0},
    # set29 (Brittany, codes 35-0412 / 56-0412 of two offices numbering alike, summer replies, 160 replies), all test,
    # never read, frozen before its first run: round 8's code 91.2 / 91.4 / 86.5 % / 1 wrong / 67.5 / 89.9 % (71.1 %
    # auto-linked and 91.7 % proposed with the office codes read, written from its brief before the freeze); round 9
    # 91.2 / 92.4 / 87.4 % / 1 / 69.9 / 91.7 %
    "set29": {"intent right": 0.87, "address precision": 0.88, "address recall": 0.83,
              "address replies linked automatically": 0.63, "right client among the proposals": 0.86,
              "wrong automatic links": 1},
    # set30 (Alsace, codes MEY045 of three letters and a number, 160 replies), all test, never read, written after
    # round 9's last change and frozen before its only run: 96.2 / 93.6 / 93.6 % / 0 wrong / 73.2 / 91.7 % (round 8's
    # code 95.6 / 92.8 / 93.6 % / 0 / 73.2 / 91.7 %)
    "set30": {"intent right": 0.92, "address precision": 0.89, "address recall": 0.89,
              "address replies linked automatically": 0.67, "right client among the proposals": 0.86,
              "wrong automatic links": 0},
    # set31 (Vendée, Quadratus codes 9GUERIN / 9GUERI2, 240 replies), frozen before its first run, split in halves: its test
    # half (even files, never read): round 9's code 92.5 / 89.3 / 90.5 % / 0 wrong / 73.1 / 97.4 % (the same with the
    # prefixless codes read, from its brief before the freeze); round 10 94.2 / 89.3 / 90.5 % / 0 / 73.1 / 97.4 %
    "set31": {"intent right": 0.89, "address precision": 0.85, "address recall": 0.86,
              "address replies linked automatically": 0.67, "right client among the proposals": 0.92,
              "wrong automatic links": 0},
    # set32 (Provence, codes REYN112 of four letters and a number, 160 replies), all test, never read, frozen before its
    # first run: round 9's code 96.9 / 90.3 / 93.6 % / 0 wrong / 81.9 / 97.3 %; round 10 the same
    "set32": {"intent right": 0.92, "address precision": 0.86, "address recall": 0.89,
              "address replies linked automatically": 0.76, "right client among the proposals": 0.92,
              "wrong automatic links": 0},
    # set33 (Gascogne, five-digit codes of two offices 20412 / 60412, 160 replies), all test, never read, written while
    # round 10's last fixes were made, frozen and scored once at the end: 90.6 / 86.2 / 87.9 % / 1 wrong / 70.3 / 95.2 %
    # (round 9's code: 90.0 / 86.2 / 87.9 % / 1 / 70.3 / 95.2 %)
    "set33": {"intent right": 0.86, "address precision": 0.82, "address recall": 0.83,
              "address replies linked automatically": 0.64, "right client among the proposals": 0.90,
              "wrong automatic links": 1},
    # set34 (Charente, Sage customer accounts CBOUTIN, 200 replies, halves), its test half never read, frozen before its
    # first run: round 10's code 95.0 / 93.9 / 88.5 % / 0 wrong / 72.2 / 96.7 %; round 11 95.0 / 95.8 / 88.5 % / 0 / 72.2 /
    # 95.0 %
    "set34": {"intent right": 0.90, "address precision": 0.89, "address recall": 0.83,
              "address replies linked automatically": 0.64, "right client among the proposals": 0.90,
              "wrong automatic links": 0},
    # set35 (Périgord, six-digit codes 000345, 160 replies), all test, never read, frozen before its first run: round 10's
    # code 96.9 / 92.3 / 94.4 % / 2 wrong / 60.4 / 98.0 %; round 11 97.5 / 93.4 / 95.5 % / 2 / 60.4 / 99.0 %
    "set35": {"intent right": 0.93, "address precision": 0.88, "address recall": 0.90,
              "address replies linked automatically": 0.54, "right client among the proposals": 0.94,
              "wrong automatic links": 2},
    # set36 (Berry, two offices' letters and four digits BG0345 / CX0345, 160 replies), all test, never read, written while
    # round 11's last fixes were made, frozen and scored once: 94.4 / 94.5 / 94.5 % / 1 wrong / 71.2 / 96.0 % (round 10's
    # code 94.4 / 91.6 / 95.6 % / 1 / 72.9 / 97.0 %)
    "set36": {"intent right": 0.90, "address precision": 0.89, "address recall": 0.89,
              "address replies linked automatically": 0.64, "right client among the proposals": 0.91,
              "wrong automatic links": 1},
    # set37 (Savoie, an office's department and four digits 740345 / 730345, 160 replies), all test, never read, written at
    # round 12's start and frozen before any change: round 11's code 97.5 / 95.6 / 96.7 % / 0 wrong / 70.7 / 98.0 %; round
    # 12 98.1 / 96.6 / 95.6 % / 0 / 70.7 / 98.0 %
    "set37": {"intent right": 0.93, "address precision": 0.91, "address recall": 0.90,
              "address replies linked automatically": 0.62, "right client among the proposals": 0.93,
              "wrong automatic links": 0},
    # set38 (Languedoc, the SIREN as the client code and P00345 for people, 160 replies), all test, never read, written
    # while round 12's changes were made and scored once at the end: round 11's code 96.2 / 92.6 / 98.9 % / 2 wrong / 68.3 /
    # 92.9 %; round 12 96.9 / 94.6 / 98.9 % / 2 / 68.3 / 91.8 %
    "set38": {"intent right": 0.92, "address precision": 0.89, "address recall": 0.93,
              "address replies linked automatically": 0.60, "right client among the proposals": 0.86,
              "wrong automatic links": 2},
    # set39 (Normandie, an office's letters, a slash and four digits CN/0345 / SL/0345 / LX/0345, replies to a general
    # mailbox forwarded by secretaries, 160 replies), all test, never read, written at round 13's start and frozen before
    # its first run: round 12's code 95.6 / 92.7 / 93.7 % / 1 wrong / 63.0 / 97.0 %; round 13 unchanged
    "set39": {"intent right": 0.92, "address precision": 0.89, "address recall": 0.90,
              "address replies linked automatically": 0.55, "right client among the proposals": 0.93,
              "wrong automatic links": 1},
    # (round 6's code: set10 90.6 / 93.3 / 84.8 % / 1 / 71.0 / 92.1 %, set13 91.2 / 91.5 / 93.1 % / 1 / 67.9 / 93.3 %,
    # set15 93.8 / 92.8 / 94.1 % / 0 / 72.7 / 95.6 %, set16 unchanged; round 7's: set10, set13, set18 and set19's
    # test half unchanged, set15 auto-linked 72.7 -> 73.3 %, set16 intent 95.9 -> 96.9 %; round 8's: set13 precision
    # 91.5 -> 92.3 %, set15 precision 92.8 -> 92.3 %, set18 95.6 / 96.1 / 94.3 % / 1 / 73.3 / 94.4 %, set19's test half
    # 93.3 / 96.1 / 93.7 % / 2 / 66.7 / 88.8 %, set20's 94.2 / 93.4 / 94.7 %, set21 95.4 / 91.9 / 92.5 % / 0 / 75.2 / 95.0 %,
    # set10, set16 and set23 unchanged)
    # set1 to set9, set11, set12, set14, set17, set22 and set26 (round 8, all read) and set28's development half (round 9): development material (set1, set5, set6's test halves, set7, set8 and set9 became
    # so once their figures were recorded; set9 at the start of round 4, at 84.4 / 94.1 / 84.7 % /
    # 1 wrong / 68.4 / 82.8 %; set12 at the end of round 4, at 97.5 / 95.7 / 91.1 % / 1 / 62.8 / 96.7 %; set14's
    # test half in round 5, at 93.8 / 91.8 / 90.9 % / 2 / 73.2 / 95.3 % after the fixes from its development half;
    # set17's test half in round 6, at 95.6 / 91.6 / 91.6 % / 2 / 60.3 / 95.9 % after the fixes from its development half;
    # set22's test half at the end of round 7, at 93.3 / 93.3 / 89.7 % / 1 / 67.3 / 95.0 % (round 6's code 92.5 / 90.9 /
    # 89.7 % / 2 / 57.7 / 88.8 %), when a look at a review workbook made from the whole set showed its replies)
    # set40 (Drôme and Ardèche, codes S01207 / P01207, 160 replies), frozen before its first run, split in halves: its
    # test half (even files, never read): round 13's code (2821f6f) 95.0 / 93.3 / 96.6 % / 1 wrong / 80.5 / 96.6 %
    "set40": {"intent right": 0.91, "address precision": 0.89, "address recall": 0.92,
              "address replies linked automatically": 0.74, "right client among the proposals": 0.92,
              "wrong automatic links": 1},
    # set41 (Nord and Pas-de-Calais, six-digit codes whose first four digits a family or group shares, 160 replies
    # weighted to the replies a hasty secretary would file under the wrong client), frozen before its first run, split
    # in halves: its test half (even files, never read): the session's start code (7cda51d) 95.0 / 98.6 / 97.2 % /
    # 0 wrong / 61.0 / 89.4 %, round 15's code 95.0 / 98.6 / 97.2 % / 0 / 58.5 / 89.4 %
    "set41": {"intent right": 0.91, "address precision": 0.94, "address recall": 0.93,
              "address replies linked automatically": 0.52, "right client among the proposals": 0.85,
              "wrong automatic links": 0},
    # set42 (Aveyron and Lot, codes C00412 written without the C or the zeros, beside postcodes and invoice numbers
    # F31-00412, 160 replies: two batches an ordinary month of the inbox, one the hard understanding cases, one matching
    # clues and which-client traps), frozen before its first run, split in halves: its test half (even files, never
    # read): the session's start code (8b1ba68) 97.5 / 100 / 94.9 % / 0 wrong / 70.5 / 98.4 %, round 16's code the same
    "set42": {"intent right": 0.93, "address precision": 0.95, "address recall": 0.90,
              "address replies linked automatically": 0.62, "right client among the proposals": 0.93,
              "wrong automatic links": 0},
    # set43 (Vosges, codes 0412K of four digits and a check letter, 160 replies: four batches an ordinary month of the
    # inbox, May to August), all test, never read, written and frozen after round 16's last change: the session's start
    # code (8b1ba68) 95.6 / 95.6 / 98.2 % / 1 wrong / 88.4 / 97.5 %, round 16's code 96.2 / 96.4 / 98.2 % / 1 / 88.4 / 97.5 %
    "set43": {"intent right": 0.92, "address precision": 0.92, "address recall": 0.94,
              "address replies linked automatically": 0.82, "right client among the proposals": 0.93,
              "wrong automatic links": 1},
    # set44 (Hautes-Alpes and Alpes-de-Haute-Provence, codes GAP.0412 of an office and four digits, the same digits in
    # two offices, 160 replies: two batches an ordinary month of the inbox, one the hard understanding cases, one
    # matching clues and which-client traps), frozen before its first run, split in halves: its test half (even files,
    # never read): the session's start code (921ff42) 96.2 / 98.3 / 95.2 % / 0 wrong / 59.5 / 90.3 %
    "set44": {"intent right": 0.93, "address precision": 0.95, "address recall": 0.92,
              "address replies linked automatically": 0.55, "right client among the proposals": 0.86,
              "wrong automatic links": 0},
    # set45 (Sarthe and Mayenne, codes "12 345" of five digits printed with a space, 160 replies: four batches an ordinary
    # month of the inbox, December to March), all test, never read, written and frozen after round 17's last change: the
    # session's start code (921ff42) 97.5 / 97.2 / 98.1 % / 0 wrong / 83.7 / 79.3 %, round 17's 97.5 / 97.2 / 98.1 % / 0 /
    # 82.6 / 77.7 %
    "set45": {"intent right": 0.94, "address precision": 0.94, "address recall": 0.95,
              "address replies linked automatically": 0.78, "right client among the proposals": 0.73,
              "wrong automatic links": 0},
    # set46 (Burgundy, codes "19-045" of a year and a number, 160 replies: four batches an ordinary month of the inbox,
    # November to February, each writer given a quarter of the client file), frozen before its first run, split in
    # halves: its test half (even files, never read): the session's start code (e4fbb57) 98.8 / 98.2 / 96.6 % / 0 wrong /
    # 84.0 / 100 %
    "set46": {"intent right": 0.96, "address precision": 0.96, "address recall": 0.94,
              "address replies linked automatically": 0.78, "right client among the proposals": 0.95,
              "wrong automatic links": 0},
    # set47 (Loire-Atlantique and Vendée, codes "0412-NA" of four digits and an office, the same digits in two offices,
    # 160 replies: four batches an ordinary month of the inbox, December to March, each writer given a quarter of the
    # client file), all test, never read, written and frozen after round 18's last change: the session's start code
    # (e4fbb57) and round 18's alike, 98.1 / 97.4 / 100 % / 1 wrong / 77.7 / 99.2 %
    "set47": {"intent right": 0.96, "address precision": 0.95, "address recall": 0.97,
              "address replies linked automatically": 0.74, "right client among the proposals": 0.97,
              "wrong automatic links": 1},
    # set48 (Moselle, codes "1187" plain numbers without leading zeros, 160 replies: two batches an ordinary month, one
    # the hard understanding cases, one matching clues and which-client traps, each writer given a quarter of the client
    # file), frozen before its first run, split in halves: its test half (even files, never read): the session's start
    # code (e4fbb57) and round 18's code before set48's fixes alike, 98.8 / 98.3 / 96.7 % / 0 wrong / 75.5 / 98.4 %
    "set48": {"intent right": 0.96, "address precision": 0.96, "address recall": 0.94,
              "address replies linked automatically": 0.71, "right client among the proposals": 0.95,
              "wrong automatic links": 0},
    # set49 (Auvergne, codes "CF412" of an office's two letters and a number without leading zeros, 160 replies: four
    # batches an ordinary month of the inbox, December to March, each writer given a quarter of the client file), all
    # test, never read: the session's start code (2042b5c) and round 19's alike, 97.5 / 97.2 / 97.2 % / 0 wrong /
    # 86.5 / 98.3 %
    "set49": {"intent right": 0.95, "address precision": 0.95, "address recall": 0.95,
              "address replies linked automatically": 0.83, "right client among the proposals": 0.96,
              "wrong automatic links": 0},
    # set50 (Finistère, codes "DOS-0412", 160 replies with set48's batch weights), frozen before its first run, split in
    # halves: its test half (even files, never read): the session's start code (2042b5c) 98.8 / 100 / 98.1 % / 1 wrong /
    # 73.9 / 96.8 %; round 19's 98.8 / 100 / 98.1 % / 0 wrong / 73.9 / 96.8 %
    "set50": {"intent right": 0.96, "address precision": 0.97, "address recall": 0.95,
              "address replies linked automatically": 0.70, "right client among the proposals": 0.93,
              "wrong automatic links": 0},
    # set51 (set49's firm: automatic mail and its human look-alikes, 80 replies), frozen before its first run, split in
    # halves: its test half (even files, never read): the session's start code and round 19's alike, 87.5 / 87.5 /
    # 77.8 % / 0 wrong / 75.0 / 81.8 % (on 8 to 40 replies a reply is 2.5 to 12 points)
    "set51": {"intent right": 0.85, "address precision": 0.85, "address recall": 0.75,
              "address replies linked automatically": 0.62, "right client among the proposals": 0.80,
              "wrong automatic links": 0},
    # set52 (Gironde, codes "0412/JM" of four digits and the manager's initials, 160 replies: four batches an ordinary
    # month of the inbox, January to April, each writer given a quarter of the client file), all test, never read: the
    # session's start code (c30b90e) and round 20's alike, 100 / 99.1 / 97.5 % / 0 wrong / 83.2 / 100 %
    "set52": {"intent right": 0.97, "address precision": 0.96, "address recall": 0.94,
              "address replies linked automatically": 0.78, "right client among the proposals": 0.96,
              "wrong automatic links": 0},
    # set53 (set52's firm: several addresses in one message, the border between answer, question and other mail, 80
    # replies), frozen before its first run, split in halves: its test half (even files, never read): the session's
    # start code and round 20's alike, 90.0 / 95.5 / 87.5 % / 0 wrong / 85.7 / 96.2 % (a reply is 2.5 to 5 points)
    "set53": {"intent right": 0.85, "address precision": 0.90, "address recall": 0.82,
              "address replies linked automatically": 0.76, "right client among the proposals": 0.90,
              "wrong automatic links": 0},
    # set54 (Tarn and Tarn-et-Garonne, codes "ALB0412" of an office's three letters and four digits, 160 replies: four
    # batches an ordinary month of the inbox, March to June), frozen after round 20's last change, all test, never read:
    # the session's start code (c30b90e) 100 / 100 / 99.1 % / 0 wrong / 84.0 / 99.2 %; round 20's 100 / 100 / 99.1 % /
    # 0 / 84.0 / 100 %
    "set54": {"intent right": 0.97, "address precision": 0.97, "address recall": 0.96,
              "address replies linked automatically": 0.79, "right client among the proposals": 0.96,
              "wrong automatic links": 0},
    # set55 (the Ardennes, codes "CM04512" of an office's two letters and five digits, 160 replies: two ordinary months,
    # one of hard understanding cases, one of matching clues), frozen before its first run, split in halves: its test
    # half (even files, never read): the session's start code (f33a90a) and round 21's alike, 93.8 / 94.7 / 93.1 % /
    # 0 wrong / 69.8 / 90.2 %
    "set55": {"intent right": 0.90, "address precision": 0.90, "address recall": 0.88,
              "address replies linked automatically": 0.62, "right client among the proposals": 0.85,
              "wrong automatic links": 0},
    # set56 (the Lot-et-Garonne, codes "411A0412" of accounts 411, an office's letter and four digits, 160 replies: four
    # ordinary months), all test, never read: round 21's start code (f33a90a), round 21's and round 22's alike, 98.8 /
    # 100 / 98.0 % / 0 wrong / 75.6 / 96.7 %
    "set56": {"intent right": 0.95, "address precision": 0.96, "address recall": 0.94,
              "address replies linked automatically": 0.70, "right client among the proposals": 0.92,
              "wrong automatic links": 0},
    # set58 (the Isère, codes "0870V" of four digits and an office's letter, 160 replies: four ordinary months), frozen
    # before its first run, split in halves: its test half (even files, never read): round 22's start code (e6c98b0)
    # 98.8 / 100 / 100 % / 0 wrong / 84.8 / 96.7 %; round 22 98.8 / 100 / 100 % / 0 / 87.9 / 98.4 %
    "set58": {"intent right": 0.95, "address precision": 0.96, "address recall": 0.96,
              "address replies linked automatically": 0.78, "right client among the proposals": 0.93,
              "wrong automatic links": 0},
    # set59 (the Maine-et-Loire, codes "A4512" of an office's letter and four digits, 160 replies: four ordinary months),
    # frozen before its first run, all test, never read: round 22's start code (e6c98b0), round 22 as it stood and its
    # last code alike, 100 / 100 / 100 % / 0 wrong / 94.7 / 99.2 %
    "set59": {"intent right": 0.97, "address precision": 0.97, "address recall": 0.97,
              "address replies linked automatically": 0.88, "right client among the proposals": 0.95,
              "wrong automatic links": 0},
    # set60 (Alsace, mnemonic codes "MULLER01" among namesakes, 160 replies from a harder brief: about one in two a hard
    # case), frozen before its first run, split in halves: its test half (even files, never read): round 23's start code
    # (804bdd47) 95.0 / 96.4 / 96.4 % / 1 wrong / 73.2 / 91.2 %; round 23 the same
    "set60": {"intent right": 0.91, "address precision": 0.92, "address recall": 0.92,
              "address replies linked automatically": 0.66, "right client among the proposals": 0.87,
              "wrong automatic links": 1},
}


@pytest.mark.parametrize("folder", SETS, ids=[s.name for s in SETS])
def test_a_frozen_set_is_never_changed(folder: Path):
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{name} changed after freezing"
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert present == listed, "files added to or removed from a frozen set"


@pytest.mark.parametrize("folder", SETS, ids=[s.name for s in SETS])
def test_labels_cover_every_message_and_name_real_clients(folder: Path):
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    split = json.loads((folder / "split.json").read_text(encoding="utf-8"))
    files = {p.name for p in (folder / "replies").glob("*.eml")}
    assert set(labels) == files == set(split)
    with open(folder / "clients.csv", encoding="cp1252", newline="") as handle:
        codes = {row["Code client"] for row in csv.DictReader(handle, delimiter=";")}
    for name, label in labels.items():
        assert label["intent"] in INTENTS, name
        assert set(label["clients"]) <= codes, name
        if label["intent"] != "address":
            assert not label["addresses"] and not label["copies"], name
    assert split and set(split.values()) <= {"dev", "test"}


@pytest.mark.parametrize("folder", [s for s in SETS if s.name in FLOORS], ids=[s.name for s in SETS if s.name in FLOORS])
def test_the_test_part_keeps_its_accuracy(folder: Path, tmp_path: Path):
    settings = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    split = json.loads((folder / "split.json").read_text(encoding="utf-8"))
    campaign = init_campaign(tmp_path / "c", firm=settings["firm"], secretariat=settings["secretariat"],
                             switch_date=dt.date.fromisoformat(settings["switch_date"]))
    with campaign.open_store() as store:
        import_client_file(store, folder / "clients.csv")
        harvest_files(store, folder / "replies")
        got = outcomes_from_store(store)
    figures, _ = score(labels, got, sorted(n for n in labels if split[n] == "test"))
    floors = FLOORS[folder.name]
    for measure, floor in floors.items():
        value, total = figures[measure]
        if total is None:
            assert value <= floor, f"{measure}: {value} (at most {floor})"
        else:
            assert total and value / total >= floor, f"{measure}: {value}/{total} (floor {floor:.0%})"
