"""Library check (issue 4): the corpus scored with the quote stripper replaced by a library.

Swaps ``campaign.understanding.quotes.split`` for mail-parser-reply (``mpr``, languages fr+en)
or quotequail (``qq``) and prints the accuracy lines of bench/understanding_accuracy.py; ``ours``
is the hand-written rules. The libraries are not project dependencies: install them aside first.

    .venv/bin/pip install -q --target /tmp/libeval mail-parser-reply quotequail
    for w in ours mpr qq; do .venv/bin/python bench/understanding_libraries.py $w; done
"""
import sys
sys.path.insert(0, '/work/main'); sys.path.insert(0, '/work/main/bench'); sys.path.append('/tmp/libeval')
import understanding_accuracy as ua
from campaign.understanding import quotes, reply

which = sys.argv[1] if len(sys.argv) > 1 else 'ours'
if which == 'mpr':
    from mailparser_reply import EmailReplyParser
    parser = EmailReplyParser(languages=['fr', 'en'])
    def split(text):
        try:
            own = parser.parse_reply(text=text)
        except Exception:
            own = text
        return quotes.Split(own=(own or '').strip(), signature='', quoted=text, marker='')
elif which == 'qq':
    import quotequail
    def split(text):
        try:
            parts = quotequail.quote(text)
            own = '\n'.join(t for keep, t in parts if keep)
        except Exception:
            own = text
        return quotes.Split(own=own.strip(), signature='', quoted=text, marker='')
if which != 'ours':
    quotes.split = split
    reply.quotes.split = split
understand, firm = ua.load_engine()
labels = ua.load_labels()
s = ua.score_corpus(understand, firm, labels)
for line in ua.report(s, [], labels, 0)[:14]:
    if any(k in line for k in ('intent accuracy', 'precision', 'recall', 'main address')):
        print(which, line)
