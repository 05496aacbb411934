"""The "Instructions" sheet of the review workbook: what to do, row by row, without training."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from campaign.review.words import DECISION_MEANINGS, DECISION_WORDS, SHEET_NAMES, word
from campaign.sheets import print_fit_width, row_height, text_cell

_STEPS = (
    ("Chaque ligne de l'onglet « {review} » est une décision à prendre. Travaillez de gauche à droite.",
     "Each line of the \"{review}\" sheet is one decision to take. Work from left to right."),
    ("1. Code client et Raison sociale : le client que le programme a reconnu. S'il se trompe, choisissez le bon "
     "client dans la liste (cliquez sur la cellule du code, puis sur la flèche) ou tapez son code.",
     "1. Client code and Name: the client the program recognised. If it is wrong, choose the right client from "
     "the list (click the code cell, then the arrow) or type its code."),
    ("2. Décision : choisissez-la dans la liste. Une décision déjà remplie est une proposition du programme : "
     "vérifiez-la, changez-la si besoin.",
     "2. Decision: choose it from the list. A decision already filled in is the program's proposal: check it, "
     "change it if needed."),
    ("3. Adresse e-mail et Copies : corrigez-les si la réponse du client dit autre chose (copies séparées par "
     "des virgules).",
     "3. E-mail address and Copies: correct them if the client's reply says otherwise (copies separated by "
     "commas)."),
    ("4. Alertes (en orange) : lisez-les avant de valider. En cas de doute, appelez le client au numéro de la "
     "colonne Téléphone, puis notez ce qu'il a dit dans Commentaire.",
     "4. Warnings (in orange): read them before confirming. If in doubt, call the client on the number in the "
     "Phone column, then write what was said in Comment."),
    ("5. Les colonnes suivantes expliquent pourquoi ce client a été reconnu : ce que dit la réponse, qui l'a "
     "envoyée, quand. La dernière colonne garde le détail technique.",
     "5. The next columns explain why this client was recognised: what the reply says, who sent it, when. The "
     "last column keeps the technical detail."),
    ("Laissez une ligne sans décision si vous ne savez pas encore : elle reviendra dans le prochain classeur.",
     "Leave a line without a decision if you do not know yet: it will come back in the next workbook."),
    ("Ne modifiez pas les colonnes masquées et n'ajoutez pas de formule : le classeur serait refusé au retour.",
     "Do not change the hidden columns and do not add formulas: the workbook would be refused when read back."),
    ("Une fois terminé, enregistrez le classeur (même nom, format .xlsx) et rendez-le à la personne qui vous l'a "
     "confié.",
     "When done, save the workbook (same name, .xlsx format) and hand it back to whoever gave it to you."),
)
_WIDTH = 70  # characters: fits portrait A4 in Excel and in LibreOffice (whose fallback font is wider)


def instructions_sheet(book, language: str) -> None:
    """Add the instructions sheet to the write-only ``book``."""
    fr = language == "fr"
    sheet = book.create_sheet(word(SHEET_NAMES, "instructions", language))
    sheet.column_dimensions["A"].width = _WIDTH
    print_fit_width(sheet, title_rows=None, orientation="portrait")
    wrap = Alignment(wrap_text=True, vertical="top")
    review = word(SHEET_NAMES, "review", language)
    lines = [("Comment remplir ce classeur" if fr else "How to fill in this workbook", True)]
    lines += [(step[0 if fr else 1].format(review=review), False) for step in _STEPS]
    lines.append(("Les décisions possibles :" if fr else "The possible decisions:", True))
    lines += [(f"« {word(DECISION_WORDS, key, language)} » : {word(DECISION_MEANINGS, key, language)}." if fr else
               f"\"{word(DECISION_WORDS, key, language)}\": {word(DECISION_MEANINGS, key, language)}.", False)
              for key in DECISION_WORDS]
    for number, (text, bold) in enumerate(lines, start=1):
        height = row_height([(text, _WIDTH)])
        if height:
            sheet.row_dimensions[number].height = height
        cell = text_cell(sheet, text)
        cell.alignment = wrap
        if bold:
            cell.font = Font(bold=True, size=12 if number == 1 else 11)
        sheet.append([cell])
