#!/usr/bin/env python3
"""Check cases.jsonl against documents/: every expected_sources string must occur
verbatim (within one line) in a document file, and every must_include group must
have at least one alternative in the text of a document holding an expected source."""
import json, os, re, html, sys
D=os.path.join(os.path.dirname(os.path.abspath(__file__)),'documents')
docs={}
for n in sorted(os.listdir(D)):
    raw=open(os.path.join(D,n),encoding='utf-8').read()
    text=raw
    if n.endswith('.html'):
        text=html.unescape(re.sub(r'<[^>]+>','',raw))
    docs[n]=(raw,text)
fails=0; ids=set()
from collections import Counter
cnt=Counter()
for ln,line in enumerate(open(os.path.join(os.path.dirname(D),'cases.jsonl'),encoding='utf-8'),1):
    c=json.loads(line)
    assert set(c)>= {"id","category","question","expected_sources","must_include","expect","split"}, c
    if c["id"] in ids: print("FAIL dup id",c["id"]); fails+=1
    ids.add(c["id"])
    cnt[(c["split"],c["expect"])]+=1
    if c["expect"]=="refuse" or c["category"]=="smalltalk":
        if c["expected_sources"] or c["must_include"]:
            print("FAIL",c["id"],"refuse/smalltalk with sources"); fails+=1
        continue
    holders=set()
    for s in c["expected_sources"]:
        nw=len(s.split())
        if not 3<=nw<=14: print("WARN",c["id"],"source length",nw,repr(s))
        h=[n for n,(raw,text) in docs.items() if s in raw and (s in text)]
        if not h: print("FAIL",c["id"],"source not found:",repr(s)); fails+=1
        holders|=set(h)
    for g in c["must_include"]:
        ok=any(alt.lower() in docs[n][1].lower() for n in holders for alt in g)
        if not ok: print("FAIL",c["id"],"must_include group not in holder text:",g,sorted(holders)); fails+=1
print("checked",len(ids),"cases;",fails,"failures")
for k,v in sorted(cnt.items()): print(k,v)
sys.exit(1 if fails else 0)
