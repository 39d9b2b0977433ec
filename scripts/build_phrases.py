#!/usr/bin/env python3
"""Write ``dictionaries/phrases.tsv`` from the curated list below, spelling out inflected variants.

Why a builder: spinners rewrite inflected surface text ("got here" for "came", "gets here" for "comes"), and
the phrase dictionary matches surface words exactly, so every inflection must be listed. Writing them by hand
invites gaps; here a verb phrase is written once in base form and lemminflect spells out the rest.

The entries are hand-written from knowledge of how cheap spinners and round-trip ("pivot") paraphrasers mangle
English; no third-party list is copied. Each source line is ``kind|spun|original|logp``:

* kind ``-``: literal surface forms; ``v``: verb phrases in base form, the first word of each side inflects
  (VB, VBZ, VBD, VBG, VBN); ``n``: noun phrases in the singular, the last word of each side is pluralised too.
* ``logp`` is the prior log P(spun | original), made more negative where the spun phrase is also common genuine
  English (``had been``) so that the language model must agree before it is undone; on top of the hand-set
  value, :func:`genuine_cap` caps single words by their wordfreq frequency.
* ``## note`` lines set the note column for the entries after them.

One-word pairs that the reverse thesaurus already proposes are left out, so build the thesaurus first.

Usage: ``.venv/bin/python scripts/build_phrases.py`` (then ``scripts/build_thesaurus.py --coverage`` to check).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from lemminflect import getAllInflections, getInflection
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.lexicon import LexiconError, ReverseThesaurus  # noqa: E402

VERB_TAGS = ("VB", "VBZ", "VBD", "VBG", "VBN")

SOURCE = """
## round-trip translation: prepositions and connectives
-|by way of|through|-0.7
-|by way of|via|-1.5
-|by way of|by|-1.8
-|thru|through|-0.5
-|by the use of|by|-1.0
-|by means of|by|-2.5
-|via way of|by|-1.0
-|with the aid of|with|-1.6
-|with the help of|with|-2.5
-|in the course of|during|-1.6
-|all through|throughout|-1.0
-|all through|through|-2.0
-|throughout the|during the|-2.5
-|in the middle of|amid|-2.5
-|amongst|among|-1.5
-|amidst|amid|-1.5
-|whilst|while|-1.2
-|whereas|while|-0.9
-|at the same time as|while|-0.8
-|even as|while|-1.5
-|although|though|-3.0
-|even though|although|-3.0
-|despite the fact that|although|-1.2
-|despite the fact that|even though|-1.4
-|in spite of the fact that|although|-1.0
-|regardless of|despite|-0.9
-|in spite of|despite|-1.5
-|notwithstanding|despite|-1.5
-|on account of|because of|-0.9
-|because of the fact that|because|-0.8
-|due to the fact that|because|-0.8
-|as a result of|because|-1.0
-|as a result of|because of|-1.4
-|owing to|because of|-1.5
-|due to|because of|-2.5
-|thanks to|because of|-3.0
-|so as to|to|-1.4
-|so as to|in order to|-1.2
-|with a purpose to|to|-0.8
-|with a purpose to|in order to|-1.0
-|in an effort to|to|-1.4
-|so that you can|to|-1.3
-|that allows you to|to|-1.0
-|to be able to|to|-1.8
-|to be able to|in order to|-1.8
-|with the intention to|to|-1.0
-|in order that|so that|-1.2
-|so that|so|-3.5
-|in order to|to|-3.0
-|then again|however|-1.5
-|on the other hand|however|-2.5
-|nevertheless|however|-1.6
-|nonetheless|however|-1.3
-|nonetheless|still|-1.8
-|nonetheless|but|-2.0
-|nevertheless|but|-2.2
-|however|yet|-3.0
-|throughout|during|-2.5
-|throughout|across|-2.5
-|however|but|-2.5
-|but|however|-3.5
-|yet|but|-3.0
-|as an alternative|instead|-0.7
-|as a substitute|instead|-0.7
-|in its place|instead|-1.2
-|alternatively|instead|-1.6
-|rather|instead|-3.0
-|as an alternative of|instead of|-0.6
-|as a substitute of|instead of|-0.6
-|in place of|instead of|-1.5
-|rather than|instead of|-3.0
-|in addition to|as well as|-0.9
-|in addition to|besides|-2.0
-|along with|as well as|-1.8
-|together with|including|-0.8
-|together with|along with|-1.6
-|such as|including|-3.0
-|which includes|including|-1.2
-|consisting of|including|-1.8
-|inclusive of|including|-1.2
-|along side|alongside|-0.8
-|alongside|along with|-2.0
-|apart from|except|-2.0
-|aside from|apart from|-1.8
-|with the exception of|except|-1.2
-|except for|except|-2.5
-|additionally|also|-0.9
-|furthermore|also|-1.6
-|moreover|also|-1.4
-|moreover|furthermore|-2.5
-|in addition|also|-1.8
-|as well|too|-2.5
-|likewise|also|-1.8
-|besides|also|-2.5
-|in the meantime|meanwhile|-1.0
-|in the interim|meanwhile|-1.2
-|meanwhile|in the meantime|-3.0
-|concurrently|at the same time|-1.5
-|simultaneously|at the same time|-1.5
-|at the identical time|at the same time|-0.5
-|on the identical time|at the same time|-0.5
-|on the same time|at the same time|-0.6
-|right away|immediately|-2.0
-|straight away|immediately|-1.6
-|instantly|immediately|-1.8
-|quickly|soon|-2.0
-|shortly|soon|-1.8
-|before long|soon|-1.6
-|in a while|soon|-2.5
-|in the close to future|in the near future|-0.5
-|within the close to future|in the near future|-0.5
-|within the near future|in the near future|-0.7
-|in the near future|soon|-2.5
-|afterward|later|-2.0
-|afterwards|later|-2.0
-|subsequently|later|-1.8
-|subsequently|then|-2.0
-|thereafter|later|-2.0
-|after that|then|-2.5
-|ultimately|eventually|-1.5
-|ultimately|finally|-2.0
-|in the end|eventually|-2.0
-|in the end|finally|-2.2
-|sooner or later|eventually|-1.0
-|sooner or later|in the future|-1.5
-|finally|eventually|-3.0
-|lastly|finally|-1.8
-|at last|finally|-2.0
-|previously|before|-2.5
-|previously|earlier|-2.2
-|beforehand|before|-1.4
-|beforehand|earlier|-1.5
-|beforehand|previously|-1.6
-|earlier than|before|-0.6
-|prior to|before|-1.5
-|ahead of|before|-2.2
-|in advance of|before|-1.6
-|upfront|in advance|-1.4
-|prematurely|in advance|-1.5
-|following|after|-2.5
-|subsequent to|after|-1.2
-|after which|and then|-2.0
-|till|until|-1.2
-|up until|until|-1.8
-|up till|until|-1.0
-|inside|within|-2.2
-|within|inside|-3.0
-|outdoors|outside|-1.5
-|exterior|outside|-1.5
-|beneath|under|-1.8
-|underneath|under|-1.6
-|below|under|-2.5
-|on top of|above|-2.5
-|subsequent to|next to|-1.5
-|next to|beside|-2.5
-|near to|near|-2.0
-|close to|near|-1.2
-|close to|nearly|-1.5
-|close to|almost|-2.0
-|nearly|almost|-3.0
-|virtually|almost|-1.8
-|virtually|nearly|-2.0
-|practically|almost|-1.8
-|roughly|about|-1.5
-|roughly|around|-1.8
-|approximately|about|-1.5
-|approximately|around|-1.8
-|round|around|-1.8
-|round|about|-2.5
-|some|about|-3.5
-|more or less|about|-2.0
-|greater than|more than|-0.8
-|extra than|more than|-0.6
-|over|more than|-3.0
-|upwards of|more than|-1.5
-|in excess of|more than|-1.5
-|fewer than|less than|-2.5
-|lower than|less than|-2.0
-|not less than|at least|-0.9
-|at the least|at least|-0.8
-|at the very least|at least|-1.6
-|a minimum of|at least|-1.0
-|as a minimum|at least|-1.2
-|no less than|at least|-1.2
-|at the most|at most|-1.5
-|in opposition to|against|-0.8
-|towards|against|-2.2
-|toward|towards|-3.5
-|in the direction of|towards|-0.8
-|in direction of|towards|-0.6
-|in the direction of|toward|-1.2
-|regarding|about|-1.3
-|concerning|about|-1.3
-|relating to|about|-1.2
-|referring to|about|-1.8
-|with regards to|about|-1.3
-|with regard to|about|-1.5
-|in relation to|about|-1.8
-|on the subject of|about|-1.5
-|in regards to|about|-1.3
-|as regards|about|-1.5
-|about|on|-4.0
-|in line with|according to|-0.8
-|consistent with|according to|-1.0
-|in accordance with|according to|-1.3
-|as per|according to|-1.4
-|based on|according to|-2.5
-|in keeping with|according to|-1.3
-|per|according to|-3.0
-|through|via|-3.0
-|via|through|-2.5
-|the usage of|using|-0.7
-|the use of|using|-1.2
-|utilizing|using|-1.2
-|utilising|using|-1.2
-|employing|using|-2.2
-|making use of|using|-1.0
-|by using|using|-3.0
-|by utilizing|using|-1.2
-|for the reason that|because|-1.0
-|for the reason that|since|-1.2
-|given that|since|-2.5
-|seeing that|since|-1.6
-|considering that|since|-1.8
-|as soon as|once|-2.2
-|once|as soon as|-3.5
-|provided that|if|-2.0
-|in case|if|-2.5
-|supplied that|provided that|-0.5
-|whether or not|whether|-2.0
-|if or not|whether|-0.8
-|in terms of|when it comes to|-3.0
-|on the subject of|when it comes to|-1.5
-|relating to|when it comes to|-1.8
-|so far as|as far as|-1.2
-|as some distance as|as far as|-0.4
-|thus far|so far|-1.2
-|up to now|so far|-1.6
-|to this point|so far|-1.6
-|till now|so far|-1.5
-|as of but|as yet|-0.6
-|but|yet|-3.5
-|not but|not yet|-0.6
-|now not|no longer|-1.2
-|not anymore|no longer|-2.0
-|any further|any more|-1.5
-|any longer|anymore|-2.0
-|every so often|sometimes|-1.2
-|from time to time|sometimes|-1.4
-|now and again|sometimes|-1.4
-|occasionally|sometimes|-2.0
-|at times|sometimes|-2.0
-|usually|often|-2.5
-|regularly|often|-1.8
-|often|frequently|-3.5
-|steadily|often|-2.0
-|incessantly|frequently|-1.5
-|typically|often|-2.2
-|typically|usually|-2.0
-|generally|usually|-2.2
-|most often|usually|-2.0
-|continuously|constantly|-2.0
-|always|constantly|-3.5

## round-trip translation: time words
-|these days|today|-2.0
-|nowadays|today|-1.6
-|at the moment|now|-2.0
-|at the moment|currently|-1.8
-|presently|currently|-1.5
-|presently|now|-2.0
-|at present|currently|-1.5
-|right now|now|-2.5
-|in the present day|today|-0.9
-|lately|recently|-1.4
-|not too long ago|recently|-1.0
-|just lately|recently|-1.2
-|in recent times|recently|-1.5
-|latterly|recently|-1.5
-|latest|recent|-1.8
-|newest|latest|-1.5
-|current|recent|-3.0
-|final|last|-2.2
-|final 12 months|last year|-0.3
-|final week|last week|-1.0
-|final month|last month|-1.0
-|previous|last|-2.5
-|previous|past|-2.5
-|earlier|previous|-3.0
-|subsequent|next|-1.6
-|subsequent 12 months|next year|-0.3
-|subsequent week|next week|-0.6
-|subsequent month|next month|-0.6
-|the next day|the following day|-3.0
-|yr|year|-0.6
-|yrs|years|-0.8
-|12 months|year|-1.2
-|a 12 months|a year|-0.6
-|per 12 months|a year|-0.6
-|this 12 months|this year|-0.3
-|that 12 months|that year|-0.6
-|12 months in the past|year ago|-0.3
-|days in the past|days ago|-0.8
-|weeks in the past|weeks ago|-0.8
-|months in the past|months ago|-0.8
-|years in the past|years ago|-0.8
-|hours in the past|hours ago|-0.8
-|decades in the past|decades ago|-0.8
-|the 12 months|the year|-1.6
-|every 12 months|every year|-1.4
-|12 months-on-12 months|year-on-year|-0.1
-|per yr|a year|-0.6
-|per annum|a year|-1.6
-|every year|each year|-3.5
-|yearly|annually|-2.5
-|yearly|every year|-2.0
-|every week|a week|-2.5
-|per week|a week|-2.0
-|each day|every day|-2.5
-|day by day|daily|-1.2
-|day by day|every day|-1.5
-|on daily basis|every day|-0.8
-|on a regular basis|every day|-1.8
-|on a regular basis|all the time|-1.8
-|all the time|always|-2.5
-|for all time|forever|-1.0
-|eternally|forever|-1.6
-|ceaselessly|forever|-1.2
-|in a single day|overnight|-0.6
-|in a single day|in one day|-1.2
-|the day prior to this|yesterday|-0.6
-|day before today|yesterday|-0.8
-|hours|hours|0.0
-|mins|minutes|-1.6
-|moments|minutes|-3.0
-|seconds|moments|-3.5
-|a long time|decades|-2.5
-|many years|decades|-2.2
-|centuries|centuries|0.0
-|millennium|millennium|0.0

## round-trip translation: quantities and numbers
-|a number of|several|-1.8
-|a variety of|a lot of|-1.4
-|a variety of|various|-1.8
-|quite a lot of|a lot of|-1.6
-|quite a lot of|various|-1.6
-|various|several|-2.5
-|numerous|many|-1.5
-|numerous|several|-2.0
-|quite a few|many|-1.5
-|quite a few|several|-2.0
-|fairly a couple of|quite a few|-0.5
-|a couple of|a few|-1.4
-|a couple of|some|-2.5
-|a few|some|-3.5
-|lots of|many|-1.8
-|lots of|hundreds of|-1.5
-|lots of of|hundreds of|-0.4
-|loads of|plenty of|-1.6
-|loads of|lots of|-1.8
-|plenty of|a lot of|-2.0
-|a large number of|many|-1.8
-|a great deal of|a lot of|-1.8
-|a whole lot of|a lot of|-1.8
-|a whole bunch|hundreds|-0.5
-|a whole bunch of|hundreds of|-0.5
-|tons of|hundreds of|-1.4
-|heaps of|lots of|-1.6
-|1000's|thousands|-0.4
-|1000's of|thousands of|-0.4
-|hundreds|thousands|-2.5
-|hundreds of|thousands of|-2.5
-|hundreds of thousands|millions|-1.5
-|hundreds of thousands of|millions of|-1.5
-|tens of millions|millions|-1.6
-|tens of millions of|millions of|-1.6
-|thousands and thousands|millions|-0.5
-|thousands and thousands of|millions of|-0.5
-|billions and billions|billions|-0.8
-|per cent|percent|-3.5
-|proportion|percentage|-1.6
-|share|percentage|-2.2
-|one fourth|one quarter|-1.5
-|one fourth|a quarter|-1.6
-|a fourth|a quarter|-1.6
-|one half|half|-2.2
-|half of|half|-3.0
-|twice as much|double|-3.0
-|double|twice|-3.5
-|a single|one|-2.5
-|a lone|a single|-1.6
-|the majority of|most|-1.8
-|the majority of|most of|-1.8
-|most of the|most|-3.0
-|the bulk of|most of|-1.6
-|the vast majority of|most|-2.2
-|much less|less|-1.5
-|extra|more|-1.6
-|extra and extra|more and more|-0.4
-|an increasing number of|more and more|-1.2
-|an increasing number of|increasingly|-1.2
-|more and more|increasingly|-1.6
-|increasingly more|more and more|-1.0
-|much more|even more|-2.5
-|far more|much more|-2.5
-|a lot more|much more|-2.0
-|a lot|much|-2.5
-|quite a bit|a lot|-2.0
-|a great deal|a lot|-2.0
-|loads|a lot|-2.0
-|tons|a lot|-2.2
-|kilos|pounds|-1.2
-|kilograms|kilos|-3.5
-|bucks|dollars|-2.5
-|huge quantity|large amount|-1.2
-|massive quantity|large amount|-1.2
-|giant quantity|large amount|-1.2
-|massive quantity of|large amount of|-1.2
-|quantity of|amount of|-2.0
-|sum of money|amount of money|-2.2

## round-trip translation: modals, auxiliaries and mangled contractions
-|are able to|can|-0.8
-|is able to|can|-0.8
-|am able to|can|-0.8
-|are in a position to|can|-0.6
-|is in a position to|can|-0.6
-|am in a position to|can|-0.6
-|in a position to|able to|-0.8
-|be in a position to|be able to|-0.8
-|was in a position to|was able to|-0.6
-|were in a position to|were able to|-0.6
-|was able to|could|-2.5
-|were able to|could|-2.5
-|are not able to|cannot|-1.2
-|is not able to|cannot|-1.2
-|aren't able to|can't|-1.2
-|isn't able to|can't|-1.2
-|are able to't|can't|-0.2
-|is able to't|can't|-0.2
-|am able to't|can't|-0.2
-|are able to not|cannot|-0.4
-|is able to not|cannot|-0.4
-|can not|cannot|-1.2
-|can not|can't|-1.4
-|gained't|won't|-0.2
-|do no longer|don't|-0.8
-|does no longer|doesn't|-0.8
-|did no longer|didn't|-0.8
-|received't|won't|-0.2
-|won't|will not|-3.0
-|will not|won't|-3.0
-|would possibly|might|-0.7
-|would possibly not|might not|-0.7
-|may possibly|might|-1.2
-|might possibly|might|-1.8
-|might|would|-3.0
-|might|may|-3.0
-|may|could|-3.0
-|may|might|-3.0
-|could|may|-3.5
-|can|may|-3.5
-|ought to|should|-1.0
-|ought to not|should not|-0.6
-|ought to have|should have|-1.0
-|must|should|-2.5
-|should|must|-3.0
-|have to|must|-2.5
-|has to|must|-2.5
-|need to|have to|-2.2
-|needs to|has to|-2.2
-|have got to|have to|-1.8
-|shall|will|-2.0
-|will have to|must|-2.2
-|had been|were|-3.5
-|had been|was|-3.8
-|has been|was|-4.0
-|have been|were|-4.0
-|were being|were|-3.5
-|is being|is|-4.0
-|used to be|was|-2.0
-|used to be|used to|-3.0
-|are living|live|-3.0
-|is living|lives|-3.0
-|will be able to|can|-2.2
-|could be able to|could|-2.0
-|would be able to|could|-2.2
-|is going to|will|-2.5
-|are going to|will|-2.5
-|is set to|will|-3.0
-|is about to|will|-3.0
-|goes to|will|-2.0
-|is more likely to|is likely to|-0.5
-|are more likely to|are likely to|-0.8
-|more likely to|likely to|-1.2
-|prone to|likely to|-1.0
-|liable to|likely to|-1.5
-|much less more likely to|less likely to|-0.5
-|most probably|most likely|-1.5
-|most likely|probably|-2.2
-|probably|likely|-3.0

## round-trip translation: adverbs and degree words
-|extraordinarily|extremely|-1.2
-|extremely|very|-2.5
-|highly|very|-2.5
-|really|very|-3.0
-|truly|really|-1.8
-|truly|actually|-1.8
-|in reality|actually|-1.5
-|in reality|in fact|-1.6
-|as a matter of fact|in fact|-1.8
-|in truth|in fact|-1.6
-|certainly|indeed|-2.0
-|certainly|definitely|-2.2
-|undoubtedly|definitely|-1.8
-|absolutely|completely|-2.5
-|completely|totally|-3.0
-|totally|completely|-3.0
-|fully|completely|-2.2
-|entirely|completely|-2.5
-|wholly|entirely|-2.0
-|totally|entirely|-2.5
-|largely|mostly|-2.2
-|largely|mainly|-2.2
-|principally|mainly|-1.4
-|mostly|mainly|-2.2
-|primarily|mainly|-1.8
-|predominantly|mainly|-1.8
-|chiefly|mainly|-1.6
-|mainly|mostly|-2.5
-|particularly|especially|-2.0
-|specifically|particularly|-2.0
-|specifically|especially|-2.2
-|notably|especially|-2.2
-|especially|particularly|-3.0
-|significantly|considerably|-2.2
-|considerably|significantly|-2.2
-|significantly|particularly|-2.5
-|drastically|dramatically|-1.8
-|dramatically|sharply|-2.5
-|step by step|gradually|-1.2
-|progressively|increasingly|-1.8
-|progressively|gradually|-1.8
-|regularly|gradually|-2.2
-|slowly|gradually|-2.5
-|rapidly|quickly|-2.5
-|speedily|quickly|-1.6
-|swiftly|quickly|-2.0
-|fast|quickly|-2.5
-|simply|just|-2.0
-|merely|just|-1.8
-|merely|only|-2.0
-|solely|only|-1.4
-|only|just|-3.5
-|just|only|-3.5
-|fairly|quite|-1.8
-|fairly|rather|-2.0
-|quite|very|-3.0
-|somewhat|rather|-2.2
-|barely|hardly|-2.2
-|hardly|barely|-2.5
-|nearly|about|-3.5
-|additionally|too|-2.5
-|either|also|-3.5
-|once more|again|-1.2
-|yet again|again|-2.2
-|another time|again|-1.8
-|over again|again|-2.0
-|anew|again|-2.0
-|in a different way|differently|-0.8
-|in another way|differently|-1.2
-|otherwise|differently|-3.0
-|in a similar way|similarly|-1.4
-|in the same way|similarly|-2.0
-|likewise|similarly|-2.0
-|the best way|how|-2.0
-|the way in which|how|-1.6
-|the way in which|the way|-1.8
-|the way|how|-3.0
-|the place|where|-2.2
-|the place where|where|-2.0
-|in which|where|-3.0
-|wherein|where|-1.6
-|whereby|where|-1.8
-|the time when|when|-2.2
-|the explanation why|why|-1.6
-|the reason why|why|-2.8
-|the rationale why|why|-1.4
-|for this reason|so|-2.5
-|for that reason|so|-2.2
-|that is why|so|-3.0
-|thus|so|-2.5
-|therefore|so|-2.5
-|hence|so|-2.5
-|consequently|so|-2.2
-|as a consequence|as a result|-1.6
-|as a end result|as a result|-0.4
-|in consequence|as a result|-1.5
-|because of this|as a result|-2.0
-|consequently|as a result|-2.0
-|in general|generally|-2.5
-|in most cases|usually|-2.0
-|for the most part|mostly|-2.0
-|on the whole|generally|-2.2
-|in particular|especially|-2.5
-|at first|initially|-2.5
-|firstly|first|-2.0
-|secondly|second|-2.2
-|thirdly|third|-1.2
-|fourthly|fourth|-1.2
-|first of all|first|-2.2
-|to start with|first|-2.2
-|to begin with|first|-2.2
-|in the beginning|initially|-2.0
-|originally|initially|-2.5
-|immediately|directly|-2.5
-|straight|directly|-2.5
-|in my view|I think|-3.0
-|in my opinion|I think|-3.0
-|apparently|reportedly|-3.0
-|reportedly|apparently|-3.0
-|allegedly|reportedly|-3.0
-|probably|possibly|-3.5
-|perhaps|maybe|-3.0
-|maybe|perhaps|-3.0
-|possibly|perhaps|-3.0
-|clearly|obviously|-3.0
-|obviously|clearly|-3.0
-|evidently|clearly|-2.0
-|certainly|surely|-3.0

## round-trip translation: compounds and names
-|imaginative and prescient|vision|-0.2
-|imaginative and prescient|visions|-2.0
-|imaginative and prescient|sight|-2.2
-|nationwide|national|-1.0
-|nationwide safety|national security|-0.3
-|safety|security|-2.0
-|nationwide guard|National Guard|-0.3
-|nationwide well being service|National Health Service|-0.3
-|well being|health|-0.5
-|well being care|health care|-0.3
-|healthcare|health care|-3.5
-|psychological well being|mental health|-0.3
-|public well being|public health|-0.3
-|vice chairman|vice president|-1.2
-|vice chairman|vice chairman|-2.5
-|vice-chairman|vice president|-1.2
-|white home|White House|-0.2
-|home of representatives|House of Representatives|-0.2
-|home of commons|House of Commons|-0.2
-|home of lords|House of Lords|-0.2
-|home speaker|House Speaker|-0.3
-|home republicans|House Republicans|-0.3
-|home democrats|House Democrats|-0.3
-|supreme court docket|Supreme Court|-0.2
-|excessive court docket|High Court|-0.2
-|court docket|court|-0.4
-|court docket|tribunal|-2.0
-|courtroom|court|-1.6
-|justice division|Justice Department|-0.3
-|state division|State Department|-0.3
-|protection division|Defense Department|-0.3
-|division of justice|Department of Justice|-0.4
-|division of well being|Department of Health|-0.4
-|division of protection|Department of Defense|-0.4
-|division of training|Department of Education|-0.4
-|division of state|Department of State|-0.4
-|international locations|countries|-0.4
-|international location|country|-0.5
-|international locations|nations|-1.6
-|worldwide|international|-1.4
-|international|global|-2.5
-|international|foreign|-2.2
-|overseas|foreign|-2.0
-|abroad|overseas|-3.0
-|world|global|-3.0
-|overseas coverage|foreign policy|-0.4
-|overseas minister|foreign minister|-0.5
-|overseas secretary|foreign secretary|-0.5
-|international minister|foreign minister|-0.8
-|prime minister|prime minister|0.0
-|premier minister|prime minister|-0.5
-|high minister|prime minister|-0.5
-|conservative celebration|Conservative Party|-0.3
-|labour celebration|Labour Party|-0.3
-|democratic celebration|Democratic Party|-0.3
-|republican celebration|Republican Party|-0.3
-|liberal democrat celebration|Liberal Democrat Party|-0.3
-|celebration|party|-1.8
-|celebrations|parties|-2.5
-|get together|party|-1.2
-|get together|get-together|-2.5
-|social gathering|party|-1.4
-|events|parties|-3.0
-|downing avenue|Downing Street|-0.2
-|downing road|Downing Street|-0.2
-|wall road|Wall Street|-0.3
-|wall road journal|Wall Street Journal|-0.2
-|wall avenue journal|Wall Street Journal|-0.2
-|related press|Associated Press|-0.2
-|new york occasions|New York Times|-0.2
-|los angeles occasions|Los Angeles Times|-0.2
-|monetary occasions|Financial Times|-0.2
-|nationwide soccer league|National Football League|-0.3
-|main league baseball|Major League Baseball|-0.3
-|tremendous bowl|Super Bowl|-0.2
-|olympic video games|Olympic Games|-0.2
-|wall avenue|Wall Street|-0.2
-|excessive avenue|High Street|-0.3
-|fleet avenue|Fleet Street|-0.3
-|avenue|street|-1.8
-|avenues|streets|-2.0
-|united kingdom|UK|-3.5
-|united states of america|United States|-1.5
-|european union|EU|-3.5
-|the european fee|the European Commission|-0.5
-|european fee|European Commission|-0.4
-|fee|commission|-2.0
-|european parliament|European Parliament|0.0
-|united nations safety council|UN Security Council|-0.4
-|safety council|Security Council|-0.4
-|chief govt|chief executive|-0.3
-|chief government|chief executive|-0.6
-|chief govt officer|chief executive officer|-0.3
-|chief government officer|chief executive officer|-0.6
-|govt|executive|-1.0
-|govt|government|-1.5
-|executives|executives|0.0
-|managing director|managing director|0.0
-|board of administrators|board of directors|-0.4
-|administrators|directors|-2.0
-|administrator|director|-2.2
-|chancellor of the exchequer|Chancellor of the Exchequer|0.0
-|finance minister|finance minister|0.0
-|rates of interest|interest rates|-0.4
-|curiosity charges|interest rates|-0.3
-|curiosity fee|interest rate|-0.3
-|curiosity|interest|-1.8
-|local weather change|climate change|-0.2
-|local weather|climate|-0.5
-|climate change|climate change|0.0
-|international warming|global warming|-0.4
-|greenhouse fuel|greenhouse gas|-0.4
-|greenhouse gasoline|greenhouse gas|-0.4
-|greenhouse gases|greenhouse gases|0.0
-|fossil fuels|fossil fuels|0.0
-|pure fuel|natural gas|-0.4
-|pure gasoline|natural gas|-0.4
-|gasoline|gas|-2.0
-|gasoline|fuel|-2.0
-|fuel|gas|-2.5
-|photo voltaic|solar|-0.3
-|photo voltaic power|solar power|-0.3
-|photo voltaic vitality|solar energy|-0.3
-|vitality|energy|-0.6
-|electrical energy|electricity|-0.4
-|nuclear energy|nuclear power|-3.0
-|air pollution|pollution|-0.6
-|setting|environment|-2.5
-|surroundings|environment|-1.8
-|synthetic intelligence|artificial intelligence|-0.3
-|counterfeit consciousness|artificial intelligence|-0.3
-|man-made intelligence|artificial intelligence|-1.0
-|machine studying|machine learning|-0.3
-|deep studying|deep learning|-0.3
-|profound learning|deep learning|-0.4
-|large information|big data|-0.6
-|massive information|big data|-0.5
-|colossal information|big data|-0.4
-|social media|social media|0.0
-|social community|social network|-2.0
-|social networking website|social networking site|-0.5
-|web site|website|-0.6
-|web sites|websites|-0.6
-|web|internet|-1.4
-|the web|the internet|-1.0
-|on-line|online|-2.0
-|on line|online|-1.0
-|e mail|email|-0.8
-|electronic mail|email|-1.2
-|electronic mail|e-mail|-1.5
-|cell phone|mobile phone|-0.8
-|cellular phone|mobile phone|-1.0
-|cell telephone|mobile phone|-0.5
-|cellular telephone|mobile phone|-0.5
-|cellular|mobile|-1.6
-|cell|mobile|-2.2
-|telephone|phone|-2.0
-|phone|telephone|-3.5
-|smartphone|smartphone|0.0
-|good cellphone|smartphone|-0.6
-|sensible cellphone|smartphone|-0.6
-|cellphone|phone|-1.8
-|laptop|computer|-2.0
-|pc|computer|-2.0
-|computer systems|computers|-0.6
-|software program|software|-0.5
-|hardware|hardware|0.0
-|know-how|technology|-3.0
-|applied sciences|technologies|-0.5
-|expertise|technology|-2.5
-|tech|technology|-3.0
-|video video games|video games|-0.4
-|video sport|video game|-0.5
-|video recreation|video game|-0.4
-|laptop video games|computer games|-0.5
-|console video games|console games|-0.5
-|recreation|game|-1.6
-|video games|games|-0.8
-|sport|game|-2.2
-|sports activities|sports|-0.5
-|sports activities|sport|-1.0
-|soccer|football|-3.0
-|soccer membership|football club|-0.6
-|membership|club|-1.6
-|premier league|Premier League|0.0
-|world cup|World Cup|0.0
-|olympic video games|Olympic Games|-0.3
-|crew|team|-2.0
-|workforce|team|-1.8
-|squad|team|-3.0
-|gamers|players|-2.0
-|participant|player|-2.0
-|supervisor|manager|-2.0
-|followers|fans|-2.2
-|rating|score|-2.0
-|objective|goal|-2.2
-|targets|goals|-2.2
-|gained|won|-2.0
-|received|won|-2.5
-|misplaced|lost|-1.2
-|dropping|losing|-2.0
-|shedding|losing|-1.8
-|title|title|0.0
-|movie star|film star|-1.6
-|film star|movie star|-3.0
-|movie|film|-2.5
-|motion pictures|films|-1.2
-|motion picture|film|-1.6
-|films|movies|-3.0
-|present|show|-2.5
-|reveals|shows|-2.0
-|exhibits|shows|-2.0
-|collection|series|-1.8
-|sequence|series|-2.0
-|tv|television|-1.8
-|tv present|TV show|-0.5
-|tv collection|TV series|-0.5
-|tune|song|-1.6
-|songs|songs|0.0
-|album|album|0.0
-|report|record|-3.0
-|data|records|-2.5
-|file|record|-2.5
-|singer-songwriter|singer-songwriter|0.0
-|pageant|festival|-1.0
-|competition|festival|-2.5
-|live performance|concert|-0.6
-|live shows|concerts|-0.6
-|e book|book|-0.5
-|e-book|book|-2.0
-|guide|book|-2.5
-|books|books|0.0
-|creator|author|-1.8
-|historical past|history|-0.4
-|historic|historical|-2.2
-|historic|ancient|-2.2
-|tradition|culture|-2.5
-|faith|religion|-1.4
-|neighborhood|community|-1.8
-|communities|communities|0.0
-|inhabitants|population|-1.2
-|metropolis|city|-1.2
-|cities|cities|0.0
-|city|town|-2.5
-|city centre|town centre|-2.2
-|capital metropolis|capital city|-0.5
-|area|region|-2.2
-|areas|regions|-2.5
-|space|area|-2.2
-|areas|areas|0.0
-|house|home|-3.0
-|home|house|-3.0
-|homes|houses|-3.0
-|housing|housing|0.0
-|meals|food|-0.5
-|food|food|0.0
-|water provide|water supply|-2.0
-|provide|supply|-2.2
-|provides|supplies|-2.5
-|provide chain|supply chain|-0.5
-|well being and security|health and safety|-0.3
-|security|safety|-2.0
-|armed forces|armed forces|0.0
-|navy|military|-1.4
-|army|military|-2.0
-|troopers|soldiers|-0.4
-|soldier|soldier|0.0
-|troops|troops|0.0
-|warfare|war|-1.2
-|struggle|war|-1.6
-|struggle|fight|-2.0
-|battle|fight|-2.5
-|battle|war|-2.5
-|battle|conflict|-2.2
-|combating|fighting|-1.2
-|preventing|fighting|-1.4
-|assault|attack|-1.8
-|assaults|attacks|-1.8
-|terrorist assault|terrorist attack|-0.5
-|useless|dead|-1.6
-|lifeless|dead|-1.6
-|demise|death|-1.4
-|deaths|deaths|0.0
-|dying|death|-2.5
-|accidents|injuries|-1.6
-|harm|damage|-2.2
-|harm|injury|-2.2
-|damage|harm|-2.5
-|physician|doctor|-1.4
-|docs|doctors|-1.2
-|medical doctors|doctors|-0.6
-|sufferers|patients|-1.0
-|affected person|patient|-1.8
-|remedy|treatment|-1.8
-|therapy|treatment|-2.2
-|illness|disease|-1.6
-|ailments|diseases|-1.4
-|medication|medicine|-2.0
-|medication|drugs|-2.0
-|drugs|medicine|-2.2
-|hospitals|hospitals|0.0
-|analysis|research|-2.5
-|researchers|researchers|0.0
-|examine|study|-2.0
-|research|studies|-2.5
-|knowledge|data|-1.8
-|information|data|-2.5
-|info|information|-2.0
-|data|information|-2.5
-|particulars|details|-1.6
-|element|detail|-2.5
-|experiences|reports|-2.2
-|stories|reports|-2.5
-|regulation|law|-1.6
-|legislation|law|-2.0
-|legal guidelines|laws|-0.5
-|coverage|policy|-1.4
-|insurance policies|policies|-0.6
-|invoice|bill|-1.6
-|payments|bills|-1.8
-|funds|payments|-2.5
-|price range|budget|-1.0
-|funds|budget|-2.5
-|cash|money|-1.0
-|financial system|economy|-0.5
-|economic system|economy|-0.5
-|monetary|financial|-1.8
-|monetary disaster|financial crisis|-0.3
-|disaster|crisis|-0.8
-|crises|crises|0.0
-|financial institution|bank|-0.6
-|banks|banks|0.0
-|central financial institution|central bank|-0.3
-|inventory market|stock market|-3.0
-|inventory|stock|-1.8
-|shares|stocks|-2.5
-|shares|shares|0.0
-|buyers|investors|-1.8
-|traders|investors|-2.0
-|merchants|traders|-2.0
-|prospects|customers|-1.6
-|shoppers|consumers|-1.8
-|shoppers|customers|-2.0
-|purchasers|customers|-2.0
-|clients|customers|-2.2
-|consumer|user|-2.5
-|customers|users|-2.5
-|firm|company|-1.4
-|companies|companies|0.0
-|corporations|companies|-1.6
-|companies|businesses|-2.5
-|companies|services|-2.2
-|providers|services|-1.6
-|enterprise|business|-1.6
-|enterprises|businesses|-1.8
-|agency|firm|-2.0
-|corporations|firms|-2.2
-|worth|price|-2.2
-|value|price|-2.2
-|value|cost|-2.5
-|costs|prices|-2.2
-|pricey|expensive|-1.2
-|costly|expensive|-1.4
-|low cost|cheap|-1.0
-|inexpensive|cheap|-1.8
-|reasonably priced|affordable|-1.2
-|income|revenue|-2.2
-|revenue|profit|-2.0
-|earnings|profits|-2.2
-|gross sales|sales|-0.4
-|progress|growth|-1.8
-|development|growth|-2.2
-|unemployment price|unemployment rate|-0.5
-|price|rate|-2.2
-|charge|rate|-2.2
-|charges|rates|-2.2
-|fee|rate|-2.5
-|staff|workers|-2.5
-|staff|employees|-2.2
-|employees|workers|-2.5
-|workers|staff|-2.5
-|commerce|trade|-1.2
-|commerce deal|trade deal|-0.5
-|commerce union|trade union|-0.5
-|tariffs|tariffs|0.0
-|items|goods|-1.8
-|merchandise|products|-1.6
-|authorities|government|-1.8
-|authorities|officials|-2.2
-|officers|officials|-1.6
-|officers|officers|-3.0
-|governments|governments|0.0
-|ministers|ministers|0.0
-|lawmakers|lawmakers|0.0
-|legislators|lawmakers|-2.2
-|spokesman|spokesman|0.0
-|spokesperson|spokesman|-2.5
-|spokeswoman|spokeswoman|0.0
-|consultant|representative|-2.0
-|representatives|representatives|0.0
-|chief|leader|-2.2
-|leaders|leaders|0.0
-|president|president|0.0
-|election marketing campaign|election campaign|-0.4
-|marketing campaign|campaign|-0.4
-|campaigns|campaigns|0.0
-|elections|elections|0.0
-|voters|voters|0.0
-|ballot|poll|-1.8
-|polls|polls|0.0
-|opinion ballot|opinion poll|-0.4
-|police drive|police force|-0.6
-|police power|police force|-0.8
-|cops|police|-2.5
-|law enforcement officials|police officers|-0.8
-|cops|police officers|-2.2
-|prison|criminal|-2.2
-|prison|jail|-2.5
-|felony|criminal|-1.6
-|crime|crime|0.0
-|legal professional|lawyer|-1.2
-|legal professionals|lawyers|-1.2
-|attorneys|lawyers|-2.2
-|decide|judge|-2.2
-|judges|judges|0.0
-|jury|jury|0.0
-|trial|trial|0.0
-|case|case|0.0
-|accused|accused|0.0
-|allegations|allegations|0.0
-|costs|charges|-2.0
-|fees|charges|-2.2
-|charged with|charged with|0.0
-|arrested|arrested|0.0
-|kids|children|-1.2
-|youngsters|children|-1.4
-|youngsters|young people|-2.0
-|younger folks|young people|-0.6
-|younger individuals|young people|-0.6
-|younger|young|-1.6
-|kid|child|-2.2
-|child|baby|-3.0
-|infants|babies|-2.0
-|mother and father|parents|-0.6
-|dad and mom|parents|-0.5
-|dad or mum|parent|-0.5
-|household|family|-2.2
-|households|families|-2.2
-|relations|relatives|-2.2
-|kinfolk|relatives|-1.0
-|spouse|wife|-1.6
-|associate|partner|-1.8
-|companion|partner|-2.0
-|accomplice|partner|-1.4
-|buddy|friend|-1.8
-|good friend|friend|-1.4
-|mates|friends|-2.0
-|associates|friends|-2.2
-|individuals|people|-1.4
-|folks|people|-1.4
-|persons|people|-2.0
-|particular person|person|-0.8
-|particular person|individual|-1.2
-|girls|women|-1.6
-|ladies|women|-1.4
-|lady|woman|-1.6
-|feminine|female|-3.0
-|girls|girls|0.0
-|males|men|-1.0
-|man|man|0.0
-|boys|boys|0.0
-|gents|men|-1.8
-|gentlemen|men|-2.5
-|aged|elderly|-2.0
-|outdated|old|-1.6
-|previous|old|-2.2
-|historic|old|-2.5
-|outdated folks|old people|-0.6
-|older folks|older people|-0.6
-|aged folks|elderly people|-0.6
-|trainer|teacher|-1.2
-|lecturers|teachers|-1.0
-|academics|teachers|-1.2
-|college students|students|-0.4
-|scholar|student|-1.2
-|pupils|students|-2.5
-|faculty|school|-1.8
-|colleges|schools|-1.6
-|faculties|schools|-1.6
-|college|university|-2.2
-|universities|universities|0.0
-|training|education|-2.2
-|schooling|education|-1.8
-|studying|learning|-2.2
-|examination|exam|-2.0
-|exams|tests|-2.5
-|take a look at|test|-1.4
-|checks|tests|-2.0
-|check|test|-2.5
-|instructor|teacher|-2.2
-|consultants|experts|-1.8
-|specialists|experts|-1.6
-|skilled|expert|-2.0
-|professional|expert|-2.2
-|analysts|analysts|0.0
-|observers|observers|0.0
-|critics|critics|0.0
-|supporters|supporters|0.0
-|opponents|opponents|0.0
-|opponents|competitors|-2.2
-|rivals|rivals|0.0
-|vehicles|cars|-1.6
-|automobiles|cars|-1.2
-|automobile|car|-1.2
-|autos|cars|-1.4
-|auto|car|-1.8
-|automotive|car|-1.0
-|automobile business|car industry|-0.5
-|automotive business|car industry|-0.5
-|vans|trucks|-1.8
-|plane|aircraft|-1.8
-|plane|plane|-3.0
-|airways|airlines|-1.0
-|airline|airline|0.0
-|passengers|passengers|0.0
-|vacationers|tourists|-1.0
-|vacationers|travellers|-1.2
-|guests|visitors|-1.8
-|practice|train|-2.5
-|trains|trains|0.0
-|railway|railway|0.0
-|highway|road|-1.8
-|roads|roads|0.0
-|site visitors|traffic|-0.5
-|visitors|traffic|-2.2
-|drawback|problem|-1.0
-|issues|problems|-2.0
-|downside|problem|-1.0
-|points|issues|-2.0
-|concern|issue|-2.5
-|considerations|concerns|-1.4
-|issues|concerns|-2.2
-|issues|things|-2.2
-|factor|thing|-1.8
-|gadgets|items|-1.8
-|units|devices|-1.8
-|gadgets|devices|-2.2
-|system|device|-2.5
-|instruments|tools|-1.6
-|gear|equipment|-1.4
-|tools|equipment|-2.2
-|programs|systems|-1.8
-|packages|programs|-1.6
-|packages|programmes|-1.6
-|programmes|programs|-3.0
-|functions|applications|-1.8
-|purposes|applications|-2.0
-|apps|apps|0.0
-|options|features|-1.8
-|characteristic|feature|-1.6
-|traits|features|-2.0
-|facets|aspects|-1.6
-|points|aspects|-2.2
-|elements|factors|-2.0
-|components|parts|-2.2
-|half|part|-1.8
-|a part of|part of|-0.9
-|function|role|-1.8
-|position|role|-2.2
-|impression|impact|-1.4
-|influence|impact|-1.8
-|have an effect on|affect|-0.5
-|has an effect on|affects|-0.5
-|had an effect on|affected|-0.8
-|results|effects|-2.2
-|outcomes|results|-1.8
-|penalties|consequences|-2.0
-|selections|choices|-1.8
-|decisions|choices|-2.0
-|choices|options|-2.2
-|alternate options|alternatives|-1.0
-|options|solutions|-2.2
-|strategies|methods|-2.0
-|methods|strategies|-2.2
-|objectives|goals|-2.0
-|targets|targets|0.0
-|wants|needs|-1.8
-|calls for|demands|-1.8
-|requests|requests|0.0

## round-trip translation: adjectives
-|vital|important|-1.6
-|essential|important|-1.6
-|essential|essential|0.0
-|crucial|important|-2.2
-|necessary|important|-1.8
-|important|necessary|-3.0
-|vital|crucial|-2.2
-|predominant|main|-1.2
-|foremost|main|-1.4
-|principal|main|-1.6
-|main|major|-2.5
-|primary|main|-2.2
-|primary|basic|-2.0
-|fundamental|basic|-2.0
-|fundamental|main|-2.2
-|key|main|-3.0
-|large|big|-2.5
-|massive|big|-1.4
-|massive|large|-1.8
-|huge|big|-1.8
-|huge|large|-2.0
-|giant|big|-1.6
-|giant|large|-1.6
-|enormous|huge|-2.2
-|large|huge|-3.0
-|little|small|-2.0
-|small|little|-3.0
-|tiny|small|-2.5
-|brief|short|-1.8
-|quick|short|-2.2
-|quick|fast|-2.0
-|speedy|fast|-1.8
-|speedy|quick|-2.0
-|fast|quick|-2.5
-|gradual|slow|-1.8
-|sluggish|slow|-1.6
-|lengthy|long|-1.2
-|excessive|high|-1.2
-|greater|higher|-1.8
-|greater|bigger|-2.0
-|greater|more|-2.5
-|larger|bigger|-2.0
-|larger|greater|-2.5
-|decrease|lower|-2.0
-|improve|increase|-2.0
-|will increase|increases|-2.0
-|elevated|increased|-2.2
-|elevated|raised|-2.5
-|minimize|reduce|-2.2
-|scale back|reduce|-1.2
-|scaled back|reduced|-1.4
-|scales back|reduces|-1.4
-|scaling back|reducing|-1.4
-|scale back|cut back|-2.0
-|cut back|reduce|-2.5
-|enhance|improve|-2.0
-|enhance|boost|-2.2
-|improve|boost|-2.5
-|improve|upgrade|-2.5
-|increase|boost|-2.5
-|broad|wide|-2.2
-|extensive|wide|-2.0
-|huge|wide|-2.5
-|slim|narrow|-2.0
-|skinny|thin|-1.8
-|slender|thin|-2.2
-|mild|light|-2.0
-|gentle|light|-2.0
-|gentle|soft|-2.2
-|delicate|soft|-2.0
-|robust|strong|-1.8
-|sturdy|strong|-1.8
-|highly effective|powerful|-0.8
-|wholesome|healthy|-1.4
-|in poor health|ill|-0.8
-|in poor health|sick|-1.2
-|unwell|ill|-2.0
-|completely satisfied|happy|-0.6
-|joyful|happy|-1.8
-|comfortable|happy|-2.2
-|glad|happy|-2.5
-|unhappy|sad|-2.0
-|indignant|angry|-1.2
-|offended|angry|-2.0
-|upset|angry|-3.0
-|fearful|afraid|-1.6
-|fearful|scared|-1.8
-|frightened|scared|-2.0
-|apprehensive|worried|-1.6
-|anxious|worried|-2.0
-|nervous|worried|-2.5
-|nice|great|-2.2
-|nice|good|-2.5
-|glorious|excellent|-1.4
-|wonderful|great|-2.5
-|implausible|incredible|-1.2
-|implausible|fantastic|-1.4
-|unimaginable|incredible|-1.2
-|unbelievable|incredible|-2.0
-|superb|excellent|-2.2
-|dangerous|bad|-2.0
-|horrible|terrible|-2.0
-|terrible|bad|-3.0
-|awful|terrible|-2.5
-|poor|bad|-3.0
-|worse|worse|0.0
-|finest|best|-1.4
-|greatest|best|-1.8
-|better|greater|-3.0
-|higher|better|-2.0
-|most interesting|best|-1.2
-|proper|right|-2.0
-|acceptable|appropriate|-1.8
-|applicable|appropriate|-1.6
-|appropriate|correct|-2.5
-|suitable|appropriate|-2.5
-|flawed|wrong|-1.6
-|fallacious|wrong|-1.2
-|incorrect|wrong|-2.2
-|mistaken|wrong|-2.2
-|actual|real|-2.0
-|precise|exact|-1.8
-|precise|accurate|-2.0
-|correct|accurate|-2.2
-|true|real|-3.0
-|recent|new|-2.5
-|recent|fresh|-2.5
-|contemporary|fresh|-2.0
-|contemporary|modern|-2.2
-|trendy|modern|-1.4
-|fashionable|modern|-1.8
-|modern|new|-3.0
-|novel|new|-2.5
-|easy|simple|-2.0
-|simple|easy|-2.0
-|straightforward|easy|-1.6
-|straightforward|simple|-1.8
-|tough|difficult|-2.0
-|tough|hard|-2.2
-|troublesome|difficult|-1.2
-|arduous|hard|-1.4
-|arduous|difficult|-1.8
-|onerous|hard|-1.4
-|exhausting|hard|-1.8
-|laborious|hard|-1.6
-|tough|tough|0.0
-|advanced|complex|-2.2
-|complicated|complex|-2.0
-|sophisticated|complex|-2.2
-|identical|same|-1.4
-|similar|same|-2.2
-|the identical|the same|-0.8
-|similar|like|-3.0
-|comparable|similar|-1.6
-|comparable to|similar to|-1.0
-|akin to|similar to|-1.4
-|completely different|different|-0.8
-|totally different|different|-1.0
-|various|different|-2.2
-|varied|various|-1.6
-|numerous|various|-2.2
-|diverse|different|-2.5
-|separate|different|-3.0
-|sure|certain|-2.0
-|positive|sure|-2.2
-|sure|sure|0.0
-|specific|particular|-2.2
-|explicit|particular|-1.4
-|explicit|specific|-1.6
-|particular|special|-2.0
-|particular|specific|-2.2
-|particular person|particular|-3.0
-|distinctive|unique|-1.8
-|obvious|clear|-2.5
-|apparent|clear|-2.2
-|apparent|obvious|-2.2
-|evident|clear|-2.2
-|clear|clear|0.0
-|potential|possible|-2.2
-|doable|possible|-1.4
-|attainable|possible|-1.6
-|not possible|impossible|-0.8
-|inconceivable|impossible|-1.4
-|unattainable|impossible|-1.6
-|able|capable|-2.5
-|succesful|capable|-1.2
-|profitable|successful|-1.8
-|unsuccessful|unsuccessful|0.0
-|well-known|famous|-2.2
-|well-known|well-known|0.0
-|famend|famous|-1.2
-|celebrated|famous|-2.0
-|in style|popular|-0.8
-|widespread|popular|-2.0
-|widespread|common|-2.2
-|frequent|common|-1.8
-|frequent|frequent|0.0
-|uncommon|rare|-1.8
-|uncommon|unusual|-2.2
-|unusual|strange|-2.2
-|unusual|rare|-2.5
-|unusual|unusual|0.0
-|odd|strange|-2.5
-|bizarre|strange|-2.0
-|bizarre|weird|-2.0
-|peculiar|strange|-2.0
-|weird|strange|-2.5
-|well-liked|popular|-1.6
-|common|general|-2.5
-|common|popular|-2.5
-|basic|general|-3.0
-|normal|general|-2.2
-|normal|standard|-2.2
-|customary|usual|-2.0
-|standard|normal|-2.5
-|regular|normal|-2.2
-|common|regular|-2.5
-|unusual|ordinary|-2.5
-|strange|ordinary|-2.5
-|extraordinary|extraordinary|0.0
-|further|additional|-2.2
-|extra|additional|-2.0
-|extra|extra|0.0
-|additional|further|-2.5
-|whole|entire|-2.5
-|complete|entire|-2.5
-|complete|total|-2.2
-|total|whole|-2.5
-|entire|whole|-2.5
-|full|complete|-2.5
-|free|free|0.0
-|out there|available|-1.0
-|accessible|available|-1.8
-|obtainable|available|-1.4
-|unavailable|unavailable|0.0
-|native|local|-1.0
-|regional|local|-2.2
-|non-public|private|-1.0
-|personal|private|-2.2
-|private|personal|-2.5
-|public|public|0.0
-|official|official|0.0
-|authorized|legal|-1.8
-|unlawful|illegal|-1.8
-|illegal|illegal|0.0
-|prison|criminal|-2.2
-|political|political|0.0
-|financial|economic|-2.0
-|economical|economic|-1.8
-|social|social|0.0
-|cultural|cultural|0.0
-|army|military|-2.0
-|navy|naval|-3.0
-|medical|medical|0.0
-|scientific|scientific|0.0
-|technical|technical|0.0
-|technological|technical|-2.5
-|digital|digital|0.0
-|digital|virtual|-2.5
-|cell|cellular|-2.5
-|wi-fi|wireless|-0.8
-|wi-fi|wifi|-1.0
-|wireless|wireless|0.0
-|senior|senior|0.0
-|junior|junior|0.0
-|prime|top|-2.0
-|high|top|-2.5
-|backside|bottom|-2.5
-|center|middle|-2.0
-|centre|center|-3.5
-|the center|the middle|-1.5
-|the center east|the Middle East|-0.4
-|center east|Middle East|-0.4
-|center class|middle class|-0.5
-|center college|middle school|-0.5
-|center of the night time|middle of the night|-0.4
-|night time|night|-0.6
-|evening|night|-2.5
-|nighttime|night|-2.0
-|in a single day|overnight|-0.6
-|at evening|at night|-1.6
-|final night time|last night|-0.3
-|final evening|last night|-0.8
-|morning|morning|0.0
-|daytime|day|-2.5

## round-trip translation: verbs (every inflection is listed)
v|get here|come|-0.8
v|get here|arrive|-1.8
v|get back|return|-2.5
v|get to|reach|-3.0
v|get along|get on|-2.5
v|come again|come back|-1.0
v|come back|return|-2.5
v|go back|return|-2.5
v|go away|leave|-2.2
v|go out|leave|-3.0
v|go on|continue|-3.0
v|carry on|continue|-2.2
v|keep on|continue|-2.2
v|proceed|continue|-1.6
v|stay|remain|-2.0
v|stay|stay|0.0
v|preserve|keep|-1.8
v|maintain|keep|-2.0
v|retain|keep|-2.2
v|hold|keep|-3.0
v|flip|turn|-1.6
v|flip into|become|-1.4
v|turn into|become|-2.2
v|grow to be|become|-0.6
v|develop into|become|-1.0
v|change into|become|-1.2
v|come to be|become|-1.8
v|get to be|become|-1.8
v|purchase|buy|-1.6
v|buy|buy|0.0
v|promote|sell|-1.4
v|receive|get|-2.5
v|obtain|get|-1.8
v|obtain|receive|-1.8
v|acquire|get|-1.6
v|acquire|gain|-2.2
v|get hold of|get|-1.6
v|get hold of|obtain|-1.8
v|achieve|gain|-2.2
v|achieve|reach|-2.5
v|attain|reach|-2.0
v|attain|achieve|-2.2
v|reach|achieve|-2.8
v|assist|help|-1.4
v|help|help|0.0
v|help out|help|-2.5
v|support|help|-3.0
v|present|provide|-2.2
v|present|give|-2.2
v|present|show|-2.5
v|supply|provide|-1.8
v|provide|give|-2.5
v|give|provide|-3.0
v|make use of|use|-1.0
v|utilize|use|-1.2
v|utilise|use|-1.2
v|employ|use|-2.2
v|take advantage of|use|-2.5
v|make the most of|use|-1.2
v|take part|participate|-2.2
v|participate|take part|-2.5
v|take part in|participate in|-2.2
v|participate in|take part in|-2.5
v|put up|post|-1.8
v|submit|post|-2.0
v|publish|post|-2.5
v|put out|release|-2.2
v|launch|release|-1.8
v|launch|launch|0.0
v|start|begin|-2.5
v|begin|start|-2.5
v|commence|begin|-1.8
v|commence|start|-1.8
v|kick off|start|-2.2
v|set up|establish|-2.2
v|set up|set up|0.0
v|arrange|organize|-2.0
v|arrange|set up|-2.5
v|set off|start|-3.0
v|end|finish|-2.5
v|finish|end|-2.5
v|complete|finish|-2.2
v|accomplish|complete|-1.8
v|accomplish|achieve|-2.0
v|full|complete|-1.6
v|shut|close|-1.6
v|shut down|close|-2.2
v|shut|shut|0.0
v|open up|open|-2.2
v|happen|occur|-2.5
v|occur|happen|-2.2
v|take place|happen|-2.5
v|come about|happen|-2.0
v|come up|arise|-2.5
v|seem|appear|-2.5
v|appear|seem|-2.2
v|look|seem|-3.0
v|seem like|look like|-2.2
v|appear to be|seem to be|-2.2
v|look like|seem|-3.0
v|assume|think|-1.6
v|suppose|think|-1.8
v|imagine|believe|-1.8
v|imagine|think|-2.2
v|think|believe|-3.0
v|consider|think|-2.2
v|consider|believe|-2.5
v|really feel|feel|-0.8
v|perceive|understand|-1.4
v|comprehend|understand|-1.8
v|grasp|understand|-2.2
v|understand|realize|-3.0
v|realise|realize|-3.5
v|notice|realize|-2.8
v|recognise|recognize|-3.5
v|acknowledge|recognize|-2.0
v|acknowledge|admit|-2.2
v|admit|acknowledge|-2.5
v|know|know|0.0
v|study|learn|-1.8
v|be taught|learn|-0.6
v|find out|learn|-2.5
v|find out|discover|-2.5
v|uncover|discover|-2.0
v|uncover|find|-2.5
v|discover|find|-1.6
v|find|discover|-2.5
v|determine|decide|-2.2
v|determine|figure out|-2.5
v|resolve|decide|-2.0
v|work out|figure out|-2.5
v|figure out|work out|-2.5
v|determine|identify|-2.2
v|establish|identify|-2.0
v|look at|examine|-3.0
v|study|examine|-2.2
v|examine|study|-2.2
v|look into|investigate|-2.0
v|examine|investigate|-2.2
v|check out|check|-2.2
v|take a look at|look at|-1.4
v|take a look at|test|-1.6
v|have a look at|look at|-1.8
v|test|check|-2.5
v|watch|see|-3.0
v|view|see|-2.5
v|observe|see|-2.5
v|observe|follow|-2.2
v|comply with|follow|-1.4
v|adhere to|follow|-2.0
v|say|tell|-3.0
v|state|say|-1.8
v|mention|say|-2.0
v|point out|say|-2.2
v|point out|note|-2.0
v|point out|indicate|-2.2
v|observe|note|-2.0
v|be aware|note|-1.4
v|remark|say|-2.2
v|tell|say|-3.0
v|inform|tell|-1.6
v|advise|tell|-1.8
v|instruct|tell|-1.6
v|notify|tell|-2.2
v|request|ask|-1.8
v|ask|ask|0.0
v|reply|answer|-2.0
v|respond|answer|-2.2
v|reply|respond|-2.5
v|answer|respond|-2.5
v|clarify|explain|-2.0
v|outline|explain|-2.5
v|describe|explain|-2.8
v|talk about|discuss|-1.6
v|focus on|discuss|-2.0
v|speak about|discuss|-2.2
v|speak|talk|-2.5
v|talk|speak|-2.5
v|converse|talk|-2.2
v|announce|announce|0.0
v|introduce|announce|-1.8
v|introduce|introduce|0.0
v|declare|announce|-2.0
v|declare|say|-2.2
v|publicize|announce|-2.5
v|reveal|show|-2.2
v|show|reveal|-2.5
v|show|show|0.0
v|disclose|reveal|-2.0
v|expose|reveal|-2.2
v|display|show|-2.0
v|exhibit|show|-2.2
v|exhibit|display|-2.2
v|show up|appear|-2.2
v|emerge|appear|-2.5
v|come out|emerge|-2.5
v|name|call|-2.2
v|call|name|-3.0
v|refer to as|call|-0.8
v|label|call|-2.5
v|ask for|call for|-2.2
v|demand|call for|-2.5
v|require|need|-2.2
v|want|need|-2.0
v|need|want|-2.5
v|need|require|-3.0
v|wish|want|-2.2
v|desire|want|-2.0
v|hope|wish|-3.0
v|count on|expect|-1.2
v|anticipate|expect|-1.4
v|expect|anticipate|-2.5
v|foresee|predict|-2.0
v|forecast|predict|-2.2
v|predict|forecast|-2.5
v|estimate|estimate|0.0
v|plan|plan|0.0
v|intend|plan|-2.5
v|intend|mean|-2.5
v|imply|mean|-1.6
v|signify|mean|-1.8
v|mean|mean|0.0
v|try|attempt|-2.5
v|attempt|try|-1.6
v|strive|try|-1.6
v|endeavor|try|-2.0
v|search|seek|-2.2
v|seek|look for|-2.2
v|search for|look for|-2.0
v|look for|seek|-3.0
v|hunt for|look for|-2.2
v|discover|locate|-2.5
v|find|locate|-2.5
v|place|put|-1.8
v|put|place|-3.0
v|position|place|-2.2
v|set|put|-2.5
v|go away|leave|-2.2
v|depart|leave|-1.6
v|exit|leave|-2.2
v|quit|leave|-2.2
v|give up|quit|-2.5
v|give up|abandon|-2.5
v|abandon|leave|-2.5
v|stop|end|-2.5
v|cease|stop|-1.8
v|halt|stop|-2.0
v|quit|stop|-2.2
v|stop|stop|0.0
v|prevent|stop|-2.5
v|stop|prevent|-2.5
v|forestall|prevent|-1.2
v|avert|prevent|-2.0
v|keep away from|avoid|-1.0
v|steer clear of|avoid|-1.4
v|evade|avoid|-2.0
v|avoid|avoid|0.0
v|deliver|bring|-1.8
v|convey|bring|-1.6
v|carry|bring|-2.5
v|bring|take|-3.0
v|take|take|0.0
v|make|make|0.0
v|create|make|-2.5
v|make|create|-3.0
v|produce|make|-2.5
v|build|build|0.0
v|assemble|build|-2.0
v|construct|build|-1.6
v|develop|grow|-2.0
v|develop|develop|0.0
v|grow|develop|-2.5
v|broaden|expand|-1.6
v|broaden|widen|-2.2
v|increase|expand|-2.5
v|prolong|extend|-1.6
v|lengthen|extend|-1.8
v|rise|increase|-2.5
v|improve|increase|-2.0
v|increase|raise|-2.5
v|elevate|raise|-1.6
v|boost|raise|-2.5
v|decrease|reduce|-2.0
v|decrease|lower|-2.0
v|lower|reduce|-2.5
v|drop|fall|-2.5
v|decline|fall|-2.5
v|fall|drop|-2.8
v|come down|fall|-2.0
v|go down|fall|-2.0
v|go up|rise|-2.2
v|climb|rise|-2.5
v|soar|rise|-2.5
v|pay|pay|0.0
v|spend|spend|0.0
v|make investments|invest|-0.5
v|make investments in|invest in|-0.5
v|earn|earn|0.0
v|lose|lose|0.0
v|win|win|0.0
v|beat|defeat|-2.5
v|defeat|beat|-2.2
v|overcome|beat|-2.2
v|conquer|beat|-2.0
v|guarantee|ensure|-1.4
v|be sure|make sure|-1.6
v|be sure that|make sure|-1.4
v|be certain that|make sure|-1.2
v|be certain that|ensure|-1.4
v|make certain|make sure|-1.4
v|make sure|ensure|-2.5
v|ensure|make sure|-2.5
v|allow|let|-2.5
v|let|allow|-3.0
v|permit|allow|-1.6
v|allow|permit|-2.5
v|allow for|allow|-2.2
v|enable|allow|-2.2
v|approve|approve|0.0
v|endorse|approve|-2.2
v|authorise|authorize|-3.5
v|ban|ban|0.0
v|prohibit|ban|-1.8
v|forbid|ban|-2.0
v|block|block|0.0
v|reject|reject|0.0
v|refuse|reject|-2.2
v|decline|refuse|-2.2
v|deny|deny|0.0
v|settle for|accept|-1.0
v|accept|accept|0.0
v|agree|agree|0.0
v|conform|agree|-2.0
v|concur|agree|-1.8
v|agree with|agree with|0.0
v|welcome|welcome|0.0
v|criticise|criticize|-3.5
v|criticize|criticize|0.0
v|condemn|criticize|-2.2
v|reward|praise|-2.2
v|praise|praise|0.0
v|blame|blame|0.0
v|accuse|accuse|0.0
v|cost|charge|-2.5
v|arrest|arrest|0.0
v|detain|arrest|-2.2
v|apprehend|arrest|-2.0
v|jail|jail|0.0
v|imprison|jail|-2.0
v|kill|kill|0.0
v|homicide|murder|-1.4
v|slay|kill|-2.0
v|die|die|0.0
v|cross away|die|-0.8
v|pass away|die|-2.5
v|harm|hurt|-2.2
v|injure|hurt|-2.2
v|injure|injure|0.0
v|wound|injure|-2.5
v|destroy|destroy|0.0
v|wreck|destroy|-2.2
v|injury|damage|-2.5
v|assault|attack|-1.8
v|strike|hit|-2.2
v|hit|strike|-2.5
v|battle|fight|-2.2
v|struggle|fight|-2.0
v|struggle|struggle|0.0
v|combat|fight|-2.2
v|shield|protect|-1.4
v|safeguard|protect|-1.8
v|defend|protect|-2.2
v|guard|protect|-2.2
v|save|save|0.0
v|rescue|save|-2.2
v|protect|protect|0.0
v|deal with|handle|-2.5
v|handle|deal with|-2.5
v|address|tackle|-2.5
v|deal with|address|-2.5
v|sort out|solve|-2.2
v|clear up|solve|-1.8
v|remedy|solve|-2.0
v|resolve|solve|-2.0
v|repair|fix|-1.6
v|fix|repair|-2.5
v|restore|repair|-2.5
v|exchange|replace|-2.2
v|change|replace|-2.5
v|substitute|replace|-1.8
v|change|change|0.0
v|alter|change|-1.8
v|modify|change|-2.0
v|remodel|transform|-1.6
v|rework|transform|-1.8
v|convert|transform|-2.2
v|transfer|move|-2.0
v|shift|move|-2.2
v|relocate|move|-2.2
v|transfer|transfer|0.0
v|journey|travel|-1.4
v|travel|travel|0.0
v|go to|visit|-2.5
v|visit|visit|0.0
v|meet|meet|0.0
v|meet up with|meet|-2.0
v|meet with|meet|-3.0
v|host|host|0.0
v|maintain|hold|-2.0
v|keep|hold|-2.5
v|conduct|hold|-2.5
v|hold|hold|0.0
v|arrange|organise|-2.0
v|manage|run|-2.5
v|run|run|0.0
v|function|work|-2.0
v|function|operate|-2.2
v|work|work|0.0
v|labor|work|-1.8
v|labour|work|-2.0
v|carry out|perform|-2.5
v|carry out|conduct|-2.5
v|carry out|carry out|0.0
v|perform|perform|0.0
v|execute|carry out|-2.2
v|implement|carry out|-2.5
v|play|play|0.0
v|recreation|play|-2.0
v|sing|sing|0.0
v|write|write|0.0
v|pen|write|-2.2
v|learn|read|-2.5
v|read|read|0.0
v|hear|hear|0.0
v|pay attention to|listen to|-0.8
v|hearken to|listen to|-0.8
v|take heed to|listen to|-0.8
v|eat|eat|0.0
v|drink|drink|0.0
v|sleep|sleep|0.0
v|stroll|walk|-1.8
v|run|run|0.0
v|sit|sit|0.0
v|stand|stand|0.0
v|lie|lie|0.0
v|stay|live|-2.5
v|dwell|live|-1.8
v|reside|live|-2.0
v|reside in|live in|-2.0
v|inhabit|live in|-2.2
v|love|love|0.0
v|like|like|0.0
v|take pleasure in|enjoy|-0.8
v|get pleasure from|enjoy|-0.8
v|relish|enjoy|-2.0
v|hate|hate|0.0
v|despise|hate|-2.0
v|worry|worry|0.0
v|fear|fear|0.0
v|concern|worry|-2.5
v|bother|worry|-2.5
v|care|care|0.0
v|look after|take care of|-2.5
v|deal with|take care of|-2.8
v|take care of|look after|-2.8
v|cope with|deal with|-2.5
v|face|face|0.0
v|confront|face|-2.2
v|face up to|face|-2.2
v|encounter|face|-2.2
v|experience|face|-2.8
v|undergo|suffer|-2.0
v|endure|suffer|-2.0
v|suffer|suffer|0.0
v|endure|last|-2.5
v|final|last|-1.6
v|proceed|last|-3.0
v|wait|wait|0.0
v|anticipate|wait for|-1.8
v|look ahead to|look forward to|-0.8
v|sit up for|look forward to|-0.8
v|depend on|rely on|-1.8
v|rely on|rely on|0.0
v|depend on|depend on|0.0
v|belief|trust|-1.2
v|trust|trust|0.0
v|doubt|doubt|0.0
v|consider|regard|-2.5
v|regard|consider|-2.5
v|include|include|0.0
v|embody|include|-1.4
v|comprise|include|-1.8
v|contain|include|-2.5
v|include|contain|-2.8
v|contain|contain|0.0
v|cowl|cover|-1.4
v|cover|cover|0.0
v|signal|sign|-1.4
v|sign|sign|0.0
v|signal up|sign up|-0.6
v|join|join|0.0
v|be a part of|join|-0.8
v|be part of|join|-1.2
v|unite|join|-2.2
v|merge|merge|0.0
v|mix|combine|-2.0
v|mix|mix|0.0
v|mix|merge|-2.5
v|mix|blend|-2.5
v|separate|separate|0.0
v|divide|split|-2.2
v|break up|split|-2.0
v|cut up|split|-2.2
v|break up|break up|0.0
v|lower|cut|-1.8
v|minimize|cut|-1.8
v|slash|cut|-2.2
v|trim|cut|-2.2
v|cut|cut|0.0
v|add|add|0.0
v|add|include|-3.0
v|take away|remove|-1.2
v|get rid of|remove|-2.2
v|eradicate|eliminate|-1.8
v|remove|eliminate|-2.5
v|delete|remove|-2.5
v|drop|remove|-2.8
v|launch|release|-1.8
v|free|release|-2.2
v|set free|release|-2.0
v|let go|release|-2.2
v|disclose|release|-2.5
v|ship|send|-1.4
v|send|send|0.0
v|dispatch|send|-2.0
v|transmit|send|-2.2
v|ship off|send|-1.8
v|get|receive|-3.0
v|obtain|receive|-1.8
v|win|get|-3.0
v|return|return|0.0
v|refund|return|-2.5
v|stay up for|wait for|-1.0
v|develop|grow|-2.0
v|improve|improve|0.0
v|recuperate|recover|-1.0
v|get well|recover|-1.2
v|get better|recover|-2.5
v|heal|recover|-2.5
v|set up|install|-2.0
v|install|install|0.0
v|download|download|0.0
v|obtain|download|-1.6
v|add|upload|-2.5
v|add|add|0.0
v|click on|click|-1.6
v|sort|type|-1.8
v|kind|type|-1.8
v|choose|choose|0.0
v|choose|select|-2.5
v|select|choose|-2.2
v|decide|choose|-2.2
v|decide on|choose|-2.2
v|go for|choose|-2.5
v|elect|choose|-2.5
v|elect|elect|0.0
v|vote|vote|0.0
v|solid|cast|-1.2
v|forged|cast|-1.4
v|run for|run for|0.0
v|win over|persuade|-2.5
v|persuade|convince|-2.2
v|persuade|persuade|0.0
v|encourage|encourage|0.0
v|urge|encourage|-2.5
v|inspire|encourage|-2.5
v|warn|warn|0.0
v|alert|warn|-2.2
v|caution|warn|-2.0
v|threaten|threaten|0.0
v|promise|promise|0.0
v|pledge|promise|-2.2
v|vow|promise|-2.2
v|declare|claim|-2.2
v|declare|declare|0.0
v|assert|claim|-2.0
v|argue|argue|0.0
v|contend|argue|-2.0
v|insist|insist|0.0
v|suggest|suggest|0.0
v|counsel|suggest|-2.2
v|advocate|suggest|-2.2
v|recommend|suggest|-2.5
v|suggest|recommend|-2.5
v|suggest|suggest|0.0
v|point out|suggest|-2.5
v|point out|show|-2.5
v|level out|point out|-0.6
v|spotlight|highlight|-1.6
v|emphasise|emphasize|-3.5
v|stress|emphasize|-2.5
v|underline|emphasize|-2.2
v|underscore|emphasize|-2.2
v|emphasize|stress|-2.8
v|care for|look after|-2.5
v|pose|pose|0.0
v|represent|represent|0.0
v|symbolize|represent|-1.4
v|characterize|represent|-1.4
v|signify|represent|-2.2
v|stand for|represent|-2.5
v|train|exercise|-2.2
v|practice|train|-2.5
v|prepare|train|-2.0
v|coach|train|-2.5
v|put together|prepare|-1.0
v|get ready|prepare|-2.2
v|prepare|prepare|0.0
v|gather|collect|-2.2
v|accumulate|collect|-2.2
v|acquire|collect|-2.2
v|collect|gather|-2.5
v|gather|gather|0.0
v|assemble|gather|-2.2
v|rally|gather|-2.5
v|purpose|aim|-1.8
v|intention|aim|-1.8
v|goal|aim|-1.8
v|target|aim|-2.5
v|intention to|aim to|-1.4
v|purpose to|aim to|-1.4
v|search to|seek to|-1.0
v|search to|aim to|-1.6
v|intend to|plan to|-2.5
v|plan to|plan to|0.0
v|vow to|promise to|-2.2
v|decide to|decide to|0.0
v|resolve to|decide to|-2.0
v|determine to|decide to|-1.6
v|attempt to|try to|-1.6
v|try to|try to|0.0
v|strive to|try to|-1.6
v|search to|try to|-2.0
v|handle to|manage to|-1.0
v|manage to|manage to|0.0
v|fail to|fail to|0.0
v|wish to|want to|-2.2
v|wish to|need to|-2.5
v|need to|want to|-2.5
v|have to|need to|-2.5
v|be going to|will|-3.0
v|start to|begin to|-2.5
v|proceed to|continue to|-1.4
v|continue to|continue to|0.0
v|come to a decision|decide|-1.0
v|make a decision|decide|-2.2
v|come to the conclusion|conclude|-2.0
v|give a boost to|boost|-1.0
v|give a boost to|strengthen|-1.4
v|make stronger|strengthen|-1.2
v|make stronger|reinforce|-1.6
v|make bigger|expand|-1.2
v|make bigger|enlarge|-1.6
v|make larger|expand|-1.6
v|make higher|improve|-1.2
v|make better|improve|-1.6
v|make clear|clarify|-1.4
v|make clear|explain|-2.0
v|make sure that|ensure|-1.8
v|make known|announce|-1.6
v|make public|announce|-2.0
v|make up one's mind|decide|-2.0
v|make a contribution|contribute|-1.0
v|make a contribution to|contribute to|-1.0
v|give a contribution to|contribute to|-1.0
v|give upward push to|give rise to|-0.4
v|give upward thrust to|give rise to|-0.4
v|give rise to|cause|-2.5
v|result in|cause|-2.2
v|result in|lead to|-2.0
v|lead to|cause|-2.5
v|convey about|bring about|-0.6
v|deliver about|bring about|-0.8
v|bring about|cause|-2.2
v|set off|trigger|-2.2
v|spark off|trigger|-1.6
v|cause|cause|0.0
v|have an effect on|affect|-0.5
v|impact|affect|-1.8
v|influence|affect|-2.2
v|affect|affect|0.0
v|have interaction|engage|-0.6
v|have interaction in|engage in|-0.6
v|take into account|consider|-1.8
v|take into consideration|consider|-1.4
v|think about|consider|-1.8
v|keep in mind|remember|-2.0
v|take into account|remember|-2.5
v|bear in mind|remember|-2.0
v|recall|remember|-2.2
v|remember|remember|0.0
v|neglect|forget|-1.2
v|overlook|forget|-1.6
v|forget|forget|0.0
v|find yourself|end up|-1.6
v|end up|end up|0.0
v|wind up|end up|-2.0
v|emerge as|become|-1.6
v|prove|turn out|-2.5
v|end up|turn out|-2.5
v|come to be|turn out|-2.5
v|become aware of|notice|-2.0
v|become aware of|learn of|-2.2
v|take note of|notice|-2.0
v|pay attention|listen|-2.2
v|concentrate on|focus on|-1.4
v|consider|focus on|-2.5
v|point of interest on|focus on|-0.4
v|center of attention on|focus on|-0.4
v|consciousness on|focus on|-0.4
v|focal point on|focus on|-0.4
v|center on|focus on|-2.0
v|revolve around|focus on|-2.5
v|touch upon|touch on|-1.2
v|rely|count|-1.8
v|rely on|count on|-1.8
v|calculate|count|-2.5
v|add up|count|-2.5
v|quantity to|amount to|-0.6
v|upward push|rise|-0.4
v|upward thrust|rise|-0.4

## scraped spun news: words and set phrases of word-level spinners
-|within the meantime|in the meantime|-0.3
n|corporate|company|-2.0
-|the corporate's|the company's|-0.8
n|agency|company|-2.8
-|of us|people|-3.0
-|loss of life|death|-1.2
-|examined optimistic|tested positive|-0.2
-|examined unfavourable|tested negative|-0.2
-|examined destructive|tested negative|-0.2
-|supreme courtroom|Supreme Court|-0.1
-|excessive courtroom|High Court|-0.3
n|choose|judge|-2.5
-|federal choose|federal judge|-0.3
-|capturing|shooting|-2.0
-|taking pictures|shooting|-1.2
-|authorities officers|government officials|-0.3
-|well being officers|health officials|-0.2
-|residence secretary|Home Secretary|-0.2
-|residence workplace|Home Office|-0.2
-|protection|defense|-2.5
-|protection minister|defence minister|-0.5
-|protection secretary|defense secretary|-0.5
-|p.c|percent|-0.3
-|p.c.|percent|-0.3
-|this yr|this year|-0.2
-|final yr|last year|-0.2
-|subsequent yr|next year|-0.2
-|as we speak|today|-1.0
-|right this moment|today|-1.2
-|proper now|right now|-0.3
-|a whole lot of|hundreds of|-1.0
-|worldwide locations|countries|-0.5
n|aircraft|plane|-2.8
-|world warming|global warming|-0.2
n|staff|team|-2.8
n|merchandise|product|-2.0
n|purpose|goal|-2.8
-|excessive faculty|high school|-0.1
-|harmful|dangerous|-2.5
n|consideration|concern|-2.5
v|plead responsible|plead guilty|-0.1
-|prices|charges|-2.8
-|swimsuit|lawsuit|-1.2
-|swimsuit|suit|-1.0
v|acquire|receive|-2.5
-|identified|pointed out|-2.8
v|steer|suggest|-2.2
v|name for|call for|-0.8
v|be known as|be called|-1.5
-|known as|called|-1.5
-|seemingly|likely|-2.0
-|presumably|probably|-2.5
-|at all times|always|-0.5
-|as nicely|as well|-0.2
-|nicely|well|-2.0
-|properly|well|-2.5
-|at this level|at this point|-0.2
-|infrequently|sometimes|-2.0
-|generally|sometimes|-2.8
-|yr outdated|year old|-0.1
-|yr previous|year old|-0.1
-|years outdated|years old|-0.1
-|one thing|something|-0.3
-|every part|everything|-0.4
-|all the pieces|everything|-0.3
-|in all places|everywhere|-0.5
-|everybody|everyone|-3.0
-|anybody|anyone|-3.0
-|as quickly as potential|as soon as possible|-0.1
-|as quickly as|as soon as|-0.3
-|the starting of|the beginning of|-1.0
-|the finish of|the end of|-0.5
-|entrance|front|-2.5
-|in entrance of|in front of|-0.2
-|again|back|-3.5
-|got here again|came back|-0.2
-|relating to|regarding|-2.0
-|with regards to|when it comes to|-1.5
-|with out|without|-0.3
n|section|phase|-2.8
-|facet|side|-2.5
## noun phrases from round trips (singular and plural)
n|vice chairman|vice president|-1.2
n|international location|country|-0.5
n|nation|country|-2.5
n|imaginative and prescient|vision|-0.2
n|historical past|history|-0.4
n|upward push|rise|-0.4
n|upward thrust|rise|-0.4
n|tale|story|-2.0
n|narrative|story|-2.5
n|article|story|-3.0
n|information|news|-2.5
n|information tale|news story|-0.6
n|information convention|news conference|-0.5
n|press convention|press conference|-0.5
n|convention|conference|-0.8
n|assembly|meeting|-1.8
n|summit|summit|0.0
n|settlement|agreement|-1.2
n|deal|deal|0.0
n|treaty|treaty|0.0
n|accord|agreement|-2.2
n|contract|contract|0.0
n|negotiation|talk|-3.0
n|dialogue|talk|-2.2
n|dialogue|discussion|-2.2
n|debate|debate|0.0
n|argument|argument|0.0
n|dispute|dispute|0.0
n|war of words|row|-2.2
n|resolution|decision|-1.8
n|determination|decision|-1.6
n|choice|decision|-2.0
n|announcement|announcement|0.0
n|commentary|comment|-1.6
n|remark|comment|-2.0
n|observation|comment|-2.2
n|assertion|statement|-1.4
n|observation|statement|-2.2
n|declare|claim|-2.0
n|allegation|claim|-2.5
n|query|question|-1.8
n|questions|questions|0.0
n|reply|answer|-1.8
n|reaction|response|-2.0
n|reaction|reaction|0.0
n|rationalization|explanation|-1.0
n|clarification|explanation|-2.0
n|reason why|reason|-2.2
n|explanation why|reason|-1.6
n|reason|reason|0.0
n|reason|cause|-2.5
n|purpose|reason|-2.5
n|motive|reason|-2.2
n|cause|reason|-2.5
n|proof|evidence|-1.4
n|evidence|proof|-2.8
n|signal|sign|-1.6
n|indication|sign|-2.2
n|sign|sign|0.0
n|alternative|opportunity|-1.8
n|probability|chance|-1.8
n|likelihood|chance|-1.8
n|chance|chance|0.0
n|possibility|chance|-2.5
n|hazard|risk|-1.8
n|threat|risk|-2.0
n|danger|risk|-2.2
n|risk|risk|0.0
n|menace|threat|-1.8
n|danger|threat|-2.5
n|effort|effort|0.0
n|try|attempt|-1.8
n|strive|attempt|-2.0
n|bid|attempt|-2.5
n|undertaking|project|-2.0
n|mission|project|-2.2
n|venture|project|-2.2
n|challenge|project|-2.2
n|plan|plan|0.0
n|scheme|plan|-2.0
n|technique|strategy|-1.8
n|method|approach|-2.0
n|strategy|approach|-2.2
n|manner|way|-2.2
n|means|way|-2.5
n|approach|way|-2.5
n|way|way|0.0
n|course of|process|-0.6
n|process|process|0.0
n|process|procedure|-2.5
n|process|trial|-3.0
n|situation|situation|0.0
n|state of affairs|situation|-1.4
n|scenario|situation|-1.8
n|circumstance|situation|-2.2
n|state of affairs|scenario|-2.0
n|situation|condition|-2.5
n|situation|state|-2.5
n|occasion|event|-1.6
n|incident|event|-2.2
n|prevalence|occurrence|-1.0
n|prevalence|incident|-1.6
n|incidence|incident|-1.6
n|accident|accident|0.0
n|crash|crash|0.0
n|collision|crash|-2.2
n|catastrophe|disaster|-1.8
n|tragedy|disaster|-2.5
n|calamity|disaster|-2.0
n|emergency|emergency|0.0
n|hurricane|storm|-3.0
n|storm|storm|0.0
n|flood|flood|0.0
n|fireplace|fire|-0.8
n|hearth|fire|-1.4
n|blaze|fire|-2.2
n|fire|fire|0.0
n|explosion|explosion|0.0
n|blast|explosion|-2.2
n|bomb|bomb|0.0
n|weapon|weapon|0.0
n|gun|gun|0.0
n|firearm|gun|-2.2
n|sufferer|victim|-1.2
n|survivor|survivor|0.0
n|witness|witness|0.0
n|suspect|suspect|0.0
n|prisoner|prisoner|0.0
n|captive|prisoner|-2.0
n|inmate|prisoner|-2.2
n|refugee|refugee|0.0
n|migrant|migrant|0.0
n|immigrant|immigrant|0.0
n|resident|resident|0.0
n|citizen|citizen|0.0
n|taxpayer|taxpayer|0.0
n|client|customer|-2.2
n|purchaser|buyer|-1.8
n|purchaser|customer|-2.0
n|vendor|seller|-1.8
n|provider|supplier|-1.8
n|provider|provider|0.0
n|producer|producer|0.0
n|producer|manufacturer|-2.5
n|maker|manufacturer|-2.2
n|manufacturer|maker|-2.5
n|producer|maker|-2.5
n|developer|developer|0.0
n|builder|developer|-2.2
n|designer|designer|0.0
n|engineer|engineer|0.0
n|scientist|scientist|0.0
n|researcher|researcher|0.0
n|investigator|researcher|-2.2
n|professor|professor|0.0
n|economist|economist|0.0
n|analyst|analyst|0.0
n|commentator|commentator|0.0
n|critic|critic|0.0
n|supporter|supporter|0.0
n|backer|supporter|-2.2
n|proponent|supporter|-2.5
n|opponent|opponent|0.0
n|rival|rival|0.0
n|competitor|rival|-2.5
n|adversary|opponent|-2.0
n|enemy|enemy|0.0
n|ally|ally|0.0
n|member|member|0.0
n|worker|worker|0.0
n|employee|employee|0.0
n|worker|employee|-2.5
n|personnel|staff|-2.5
n|workers|staff|-2.8
n|volunteer|volunteer|0.0
n|official|official|0.0
n|officer|official|-1.8
n|authority|official|-2.5
n|chief|chief|0.0
n|head|chief|-2.5
n|boss|boss|0.0
n|leader|leader|0.0
n|chief|leader|-2.2
n|director|director|0.0
n|government|executive|-3.5
n|supervisor|manager|-2.0
n|manager|manager|0.0
n|proprietor|owner|-1.2
n|owner|owner|0.0
n|landlord|landlord|0.0
n|tenant|tenant|0.0
n|neighbour|neighbour|0.0
n|neighbor|neighbour|-3.5
n|stranger|stranger|0.0
n|customer|customer|0.0
n|consumer|consumer|0.0
n|person|user|-3.0
n|consumer|user|-2.5
n|participant|player|-2.0
n|fan|fan|0.0
n|fanatic|fan|-2.0
n|follower|fan|-2.2
n|spectator|spectator|0.0
n|viewer|viewer|0.0
n|reader|reader|0.0
n|listener|listener|0.0
n|target market|audience|-0.6
n|viewers|audience|-2.5
n|target audience|audience|-2.5
n|crowd|crowd|0.0
n|group|group|0.0
n|workforce|team|-1.8
n|organisation|organization|-3.5
n|group|organization|-2.5
n|organization|organisation|-3.5
n|establishment|institution|-1.6
n|company|agency|-2.5
n|agency|agency|0.0
n|physique|body|-1.8
n|body|body|0.0
n|committee|committee|0.0
n|fee|commission|-2.0
n|council|council|0.0
n|board|board|0.0
n|panel|panel|0.0
n|union|union|0.0
n|membership|club|-1.6
n|affiliation|association|-1.4
n|association|association|0.0
n|basis|foundation|-1.8
n|charity|charity|0.0
n|charitable organization|charity|-1.6
n|church|church|0.0
n|college|school|-2.2
n|hospital|hospital|0.0
n|clinic|clinic|0.0
n|jail|prison|-2.2
n|penitentiary|prison|-1.6
n|prison|jail|-2.5
n|courtroom|court|-1.6
n|court docket|court|-0.4
n|tribunal|court|-2.5
n|parliament|parliament|0.0
n|congress|congress|0.0
n|senate|senate|0.0
n|ministry|ministry|0.0
n|division|department|-1.6
n|department|department|0.0
n|workplace|office|-1.0
n|place of job|office|-1.6
n|place of work|workplace|-2.0
n|office|office|0.0
n|headquarters|headquarters|0.0
n|construction|building|-2.2
n|building|building|0.0
n|constructing|building|-1.4
n|development|construction|-2.2
n|facility|facility|0.0
n|manufacturing facility|factory|-0.8
n|plant|factory|-2.5
n|manufacturing unit|factory|-0.6
n|manufacturing|production|-1.6
n|production|production|0.0
n|store|shop|-2.2
n|shop|store|-2.5
n|retailer|store|-2.2
n|retailer|shop|-2.2
n|outlet|store|-2.5
n|market|market|0.0
n|marketplace|market|-2.0
n|retail merchant|retailer|-1.6
n|grocery store|supermarket|-2.2
n|eating place|restaurant|-1.2
n|eating house|restaurant|-1.4
n|restaurant|restaurant|0.0
n|lodge|hotel|-1.4
n|hotel|hotel|0.0
n|home|house|-3.0
n|house|home|-3.0
n|dwelling|home|-1.6
n|residence|home|-2.2
n|apartment|flat|-2.5
n|condo|apartment|-1.8
n|room|room|0.0
n|kitchen|kitchen|0.0
n|backyard|garden|-1.2
n|lawn|garden|-2.2
n|park|park|0.0
n|river|river|0.0
n|lake|lake|0.0
n|sea|sea|0.0
n|ocean|ocean|0.0
n|seashore|beach|-1.2
n|seaside|beach|-1.4
n|coast|coast|0.0
n|island|island|0.0
n|mountain|mountain|0.0
n|hill|hill|0.0
n|valley|valley|0.0
n|wooded area|forest|-1.2
n|woodland|forest|-1.8
n|forest|forest|0.0
n|tree|tree|0.0
n|plant|plant|0.0
n|animal|animal|0.0
n|chook|bird|-1.2
n|fowl|bird|-2.0
n|fish|fish|0.0
n|canine|dog|-1.6
n|dog|dog|0.0
n|cat|cat|0.0
n|horse|horse|0.0
n|cow|cow|0.0
n|pig|pig|0.0
n|sheep|sheep|0.0
n|farm|farm|0.0
n|farmer|farmer|0.0
n|crop|crop|0.0
n|harvest|harvest|0.0
n|climate|weather|-2.5
n|temperature|temperature|0.0
n|rain|rain|0.0
n|rainfall|rain|-2.5
n|snow|snow|0.0
n|wind|wind|0.0
n|solar|sun|-2.2
n|moon|moon|0.0
n|star|star|0.0
n|planet|planet|0.0
n|earth|earth|0.0
n|area|space|-2.2
n|house|space|-3.0
n|space|space|0.0
n|satellite tv for pc|satellite|-0.3
n|rocket|rocket|0.0
n|spacecraft|spacecraft|0.0
n|astronaut|astronaut|0.0
n|laboratory|lab|-2.5
n|lab|lab|0.0
n|experiment|experiment|0.0
n|check|test|-2.5
n|trial|trial|0.0
n|vaccine|vaccine|0.0
n|virus|virus|0.0
n|an infection|infection|-0.8
n|infection|infection|0.0
n|outbreak|outbreak|0.0
n|pandemic|pandemic|0.0
n|epidemic|epidemic|0.0
n|symptom|symptom|0.0
n|most cancers|cancer|-0.5
n|cancer|cancer|0.0
n|coronary heart|heart|-0.8
n|heart|heart|0.0
n|mind|brain|-2.2
n|brain|brain|0.0
n|blood|blood|0.0
n|bone|bone|0.0
n|pores and skin|skin|-0.5
n|skin|skin|0.0
n|eye|eye|0.0
n|hand|hand|0.0
n|head|head|0.0
n|face|face|0.0
n|physique|body|-1.8
n|weight problems|obesity|-0.5
n|weight loss plan|diet|-0.5
n|food regimen|diet|-0.5
n|vitamin|nutrition|-2.0
n|train|exercise|-2.2
n|bodily activity|physical activity|-1.2
n|bodily|physical|-1.2
n|psychological|mental|-1.2
n|stress|stress|0.0
n|nervousness|anxiety|-0.8
n|melancholy|depression|-1.0
n|despair|depression|-2.2
n|habit|addiction|-1.8
n|dependancy|addiction|-0.8
n|drug|drug|0.0
n|alcohol|alcohol|0.0
n|tobacco|tobacco|0.0
n|cigarette|cigarette|0.0
n|smoking|smoking|0.0
n|baby|child|-2.2
n|child|child|0.0
n|little one|child|-1.6
n|kid|child|-2.2
n|teen|teenager|-2.2
n|teenager|teenager|0.0
n|adolescent|teenager|-2.2
n|grownup|adult|-0.8
n|adult|adult|0.0
n|mom|mother|-2.2
n|mother|mother|0.0
n|father|father|0.0
n|dad|father|-2.5
n|son|son|0.0
n|daughter|daughter|0.0
n|brother|brother|0.0
n|sister|sister|0.0
n|husband|husband|0.0
n|wife|wife|0.0
n|associate|partner|-1.8
n|boyfriend|boyfriend|0.0
n|girlfriend|girlfriend|0.0
n|friend|friend|0.0
n|buddy|friend|-1.8
n|good friend|friend|-1.4
n|colleague|colleague|0.0
n|fellow|colleague|-2.5
n|coworker|colleague|-2.2

## scraped spun news: round-trip hallmarks (session 11)
-|in response to|according to|-1.6
-|will probably be|will be|-1.0
-|would probably be|would be|-1.6
-|shall be|will be|-1.2
-|has but to|has yet to|-0.3
-|have but to|have yet to|-0.3
-|had but to|had yet to|-0.3
-|is but to|is yet to|-0.5
-|are but to|are yet to|-0.5
v|touch upon|comment on|-0.9
-|additional than|more than|-0.2
-|in a press release|in a statement|-1.5
-|outdated|old|-2.2
-|native|local|-2.6
-|lately|recently|-2.0
-|barely|slightly|-2.2
-|saved|kept|-2.6
-|youngsters|children|-1.5
-|revealed|published|-2.4
-|acknowledged|said|-2.6
-|demise|death|-1.8
-|worldwide|international|-2.0
-|combating|fighting|-1.0
-|the choose|the judge|-1.2
-|legislation|law|-2.4
-|examine|study|-2.8
-|loss of life toll|death toll|-0.2
-|hearth|fire|-1.6
-|fireplace|fire|-2.2
-|harm|injury|-2.6
-|accidents|injuries|-2.2
-|in a single day|overnight|-1.6
-|a 3rd|a third|-0.8
-|the brand new|the new|-1.5
-|previous president|former president|-0.8
-|handed away|passed away|-0.3
-|marriage ceremony|wedding|-0.3
-|marriage ceremonies|weddings|-0.3
-|knowledge breach|data breach|-0.3
-|fuel costs|gas prices|-1.0
-|at present|currently|-2.2
n|enterprise|business|-2.0
n|recreation|game|-1.8
n|participant|player|-1.5
n|crew|team|-2.6
n|space|area|-2.8
n|stage|level|-2.8
n|assault|attack|-2.4
n|invoice|bill|-2.4
n|ballot|poll|-1.8
n|assertion|statement|-1.4
n|physician|doctor|-2.2
n|sufferer|patient|-1.6
n|illness|disease|-2.2
n|therapy|treatment|-2.4
n|follower|fan|-2.4
n|switch|transfer|-2.4
n|tune|song|-2.0
n|celeb|celebrity|-1.0
n|household|family|-2.0
n|spouse|wife|-2.4
## scraped spun news: more round-trip hallmarks (session 13)
-|primarily based on|based on|-0.6
-|primarily based mostly on|based on|-0.3
-|in actual fact|in fact|-0.2
-|the truth is|in fact|-2.0
-|on the similar time|at the same time|-0.1
-|one other|another|-0.8
-|attributable to|due to|-1.0
-|as a consequence of|as a result of|-0.5
-|as a consequence of|due to|-1.5
-|as a consequence of|because of|-1.8
-|every little thing|everything|-0.5
-|as effectively|as well|-0.2
-|as properly|as well|-0.3
-|grew to become|became|-0.2
-|has turn out to be|has become|-0.3
-|have turn out to be|have become|-0.3
-|had turn out to be|had become|-0.3
-|will turn out to be|will become|-0.5
n|legal professional|attorney|-0.5
-|legal professional common|attorney general|-0.1
n|movie star|celebrity|-0.8
-|doubtlessly|potentially|-0.3
-|new circumstances|new cases|-0.3
-|confirmed circumstances|confirmed cases|-0.2
-|unhealthy information|bad news|-0.3
-|secure haven|safe haven|-0.4
-|final season|last season|-0.4
-|subsequent season|next season|-0.4
-|one of many|one of the|-1.8
-|a few of the|some of the|-1.2
-|provide you with|come up with|-1.8
v|get here throughout|come across|-0.3
v|discover out|find out|-0.2
-|on prime of|on top of|-0.2
-|on the finish of|at the end of|-0.2
-|firstly of|at the start of|-0.2
-|proper here|right here|-0.5
-|rather a lot|a lot|-1.0
## scraped spun news: compounds and names, each word swapped (session 11)
-|field workplace|box office|-0.1
-|on the field workplace|at the box office|-0.1
-|business figures|industry figures|-0.6
-|business specialists|industry experts|-0.4
v|go again|go back|-1.4
v|come again|come back|-1.2
v|get again|get back|-1.4
v|bring again|bring back|-1.2
v|pay again|pay back|-1.4
-|homicide|murder|-2.2
-|within the coming|in the coming|-1.5
-|overseas ministers|foreign ministers|-0.2
-|overseas affairs|foreign affairs|-0.3
-|inside minister|interior minister|-0.3
-|inside ministry|interior ministry|-0.3
-|protection ministry|defence ministry|-0.4
-|well being minister|health minister|-0.1
-|well being secretary|health secretary|-0.1
-|regulation enforcement|law enforcement|-0.1
-|courtroom of enchantment|court of appeal|-0.1
-|appeals courtroom|appeals court|-0.1
-|greenhouse fuel emissions|greenhouse gas emissions|-0.1
-|renewable vitality|renewable energy|-0.1
-|electrical automobiles|electric vehicles|-0.2
-|electrical automobile|electric vehicle|-0.2
-|electrical automobiles|electric cars|-0.8
-|inventory markets|stock markets|-0.2
-|share worth|share price|-0.2
-|share costs|share prices|-0.3
-|oil worth|oil price|-0.2
-|oil costs|oil prices|-0.4
-|home costs|house prices|-0.4
-|actual property|real estate|-0.1
-|common election|general election|-0.2
-|opposition chief|opposition leader|-0.2
-|get together chief|party leader|-0.2
-|occasion chief|party leader|-0.3
-|crimson card|red card|-0.2
-|excessive road|high street|-0.2
-|Washington Publish|Washington Post|-0.1
-|Monetary Instances|Financial Times|-0.1
-|Fox Information|Fox News|-0.1
-|BBC Information|BBC News|-0.1
-|Sky Information|Sky News|-0.1
-|CBS Information|CBS News|-0.1
-|NBC Information|NBC News|-0.1
-|ABC Information|ABC News|-0.1
-|Each day Mail|Daily Mail|-0.1
-|Each day Telegraph|Daily Telegraph|-0.1
-|Sunday Instances|Sunday Times|-0.1
-|Overseas Workplace|Foreign Office|-0.1
-|Ministry of Protection|Ministry of Defence|-0.1
-|Financial institution of England|Bank of England|-0.1
-|World Well being Group|World Health Organization|-0.1
-|Facilities for Illness Management|Centers for Disease Control|-0.1
-|Communist Celebration|Communist Party|-0.1
-|Inexperienced Celebration|Green Party|-0.1
## scraped spun news: more compounds and names (session 19)
n|laptop computer|laptop|-0.6
-|medical health insurance|health insurance|-0.2
-|money owed|debts|-1.5
-|Worldwide Financial Fund|International Monetary Fund|-0.1
-|Fb|Facebook|-0.3
-|tech big|tech giant|-0.3
-|metropolis corridor|city hall|-0.1
-|corridor of fame|hall of fame|-0.1
-|inventory change|stock exchange|-0.3
-|inventory alternate|stock exchange|-0.3
-|industrial common|industrial average|-0.1
-|on common|on average|-0.8
-|new 12 months|new year|-0.3
-|crimson carpet|red carpet|-0.2
-|Crimson Cross|Red Cross|-0.2
-|gross home product|gross domestic product|-0.1
-|unemployment charge|unemployment rate|-0.2
-|inflation charge|inflation rate|-0.2
-|chief monetary officer|chief financial officer|-0.1
-|majority chief|majority leader|-0.2
-|minority chief|minority leader|-0.2
-|Washington Put up|Washington Post|-0.1
-|New York Instances|New York Times|-0.1
-|Los Angeles Instances|Los Angeles Times|-0.1
## scraped spun news: House committees and a journal (session 20)
-|home intelligence committee|House Intelligence Committee|-0.1
-|home judiciary committee|House Judiciary Committee|-0.1
-|home oversight committee|House Oversight Committee|-0.1
-|home armed services committee|House Armed Services Committee|-0.1
-|home majority chief|House Majority Leader|-0.1
-|home minority chief|House Minority Leader|-0.1
-|printed within the journal|published in the journal|-0.1

## scraped spun news: round-trip hallmarks no source offered (session 27)
-|tons of of|hundreds of|-0.1
-|slightly than|rather than|-0.5
-|fairly than|rather than|-0.5
-|moderately than|rather than|-0.3
-|reasonably than|rather than|-0.3
-|somewhat than|rather than|-1.2
-|relatively than|rather than|-1.0
-|reminiscent of|such as|-2.2
-|resembling|such as|-2.2
-|corresponding to|such as|-2.0
-|equivalent to|such as|-2.2
-|akin to|such as|-2.2
-|comparable to|such as|-2.5
-|resulting from|due to|-2.5
-|as a way to|in order to|-1.5
-|with the intention to|in order to|-1.2
-|as a lot as|as much as|-0.3
-|in any respect|at all|-2.0
-|many years in the past|decades ago|-0.3
-|a long time in the past|decades ago|-0.2
-|12 months previous|year old|-0.3
-|years previous|years old|-1.5
-|textual content|text|-1.0
-|display screen|screen|-1.0
-|digicam|camera|-0.2
-|in an announcement|in a statement|-1.5
-|expenses|charges|-2.5
-|doubtless|likely|-1.5
-|making an attempt to|trying to|-1.0
-|handed|passed|-2.5
-|printed|published|-2.5
-|energy|power|-3.0
-|capable of|able to|-2.0
n|scarcity|shortage|-2.5
-|steerage|guidance|-1.0
n|aspect|side|-2.5
-|the opposite aspect|the other side|-0.3
"""


def _inflect_verb(phrase: str, tag: str) -> list[str]:
    """Inflect the first word of a verb phrase ('get here' VBD -> 'got here')."""
    head, _, rest = phrase.partition(" ")
    forms = getInflection(head, tag) or getAllInflections(head, "VERB").get(tag) or (head,)
    # The first form only: lemminflect also lists rare spellings ("refered"); 'be' keeps am/are/is, was/were.
    keep = forms if head == "be" else forms[:1]
    return [" ".join(filter(None, (f, rest))) for f in dict.fromkeys(keep)]


def _pluralise(phrase: str) -> str:
    """Pluralise the last word of a noun phrase ('international location' -> 'international locations')."""
    head, _, last = phrase.rpartition(" ")
    plural = (getInflection(last, "NNS") or (last + "s",))[0]
    return " ".join(filter(None, (head, plural)))


def genuine_cap(spun: str) -> float:
    """The highest prior a single spun word may have, given how common it is as genuine English.

    A word that ordinary writers use all the time ("however", "firm", "places") must not look like a sure spin;
    ``logp`` falls by 1.5 per zipf step above 3.5 (about one use per 3 million words). Multi-word phrases keep
    their hand-set prior: wordfreq estimates a phrase from its words, which says nothing about "white home".
    """
    if " " in spun:
        return 0.0
    return -0.5 - 1.5 * max(0.0, zipf_frequency(spun, "en") - 3.5)


Row = tuple[str, str, float, str]

# scripts/build_attested.py keeps a one-word pair the thesaurus proposes only when its prior is this many nats
# above the thesaurus's (this table kept the same rule until session 27; it now keeps every pair, see ``main``)
KEEP_MARGIN = 2.5


def expand(source: str) -> list[Row]:
    """Source lines -> (spun, original, logp, note) rows; identity pairs are dropped."""
    rows: dict[tuple[str, str], tuple[float, str]] = {}
    note = ""
    for n, line in enumerate(source.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            note = line[3:]
            continue
        try:
            kind, spun, original, lp = line.split("|")
            logp = float(lp)
        except ValueError:
            raise SystemExit(f"build_phrases.py: bad source line {n}: {line!r}") from None
        pairs: list[tuple[str, str, float]] = []
        if kind == "-":
            pairs = [(spun, original, logp)]
        elif kind == "v":
            # 'be taught' -> 'learn': 'was taught' is a genuine passive, so only the base form is listed.
            tags = ("VB",) if spun.startswith("be ") and not original.startswith("be ") else VERB_TAGS
            for tag in tags:
                # Forms pair up by position ('were in a position to' -> 'were able to'), never crosswise.
                targets = _inflect_verb(original, tag)
                forms = _inflect_verb(spun, tag)
                pairs += [(f, targets[min(i, len(targets) - 1)], logp) for i, f in enumerate(forms)]
                if tag == "VBN":
                    # 'had got here' -> 'had come': spinners (and British English) use the past tense of
                    # 'get' as its participle, so the VBD spun form may stand for the VBN original too
                    pairs += [
                        (f, targets[0], logp - 0.3) for f in _inflect_verb(spun, "VBD") if f not in forms
                    ]
        elif kind == "n":
            pairs = [(spun, original, logp), (_pluralise(spun), _pluralise(original), logp)]
        else:
            raise SystemExit(f"build_phrases.py: bad kind {kind!r} on source line {n}")
        if spun.lower() == original.lower():
            continue
        for s, o, lp2 in pairs:
            if s.lower() == o.lower():
                continue
            lp2 = min(lp2, genuine_cap(s))
            key = (s, o)
            if key not in rows or rows[key][0] < lp2:
                rows[key] = (lp2, note)
    return [(s, o, lp, nt) for (s, o), (lp, nt) in rows.items()]


def drop_thesaurus_pairs(rows: list[Row], directory: Path) -> list[Row]:
    """Leave out one-word pairs the reverse thesaurus already proposes ('firm' -> 'company'), unless the
    prior is ``KEEP_MARGIN`` nats above the thesaurus's (``scripts/build_attested.py``'s rule for the swaps
    mined from a real tool's list, whose priors are shares, not a round trip's fixed choices). "Proposes" means what ``candidates.propose`` keeps:
    the thesaurus's best ``MAX_PER_SPAN`` originals of the spun word, inflected, and only for words it asks
    the thesaurus about (``asks_thesaurus``: not 'yr', not function words). A pair the thesaurus holds
    further down ('perceive' -> 'understand', 'permit' -> 'allow') is proposed by no one unless it stays here.
    Needs dictionaries/thesaurus.bin and the language model (build them first).
    """
    try:
        th = ReverseThesaurus.load(directory)
    except LexiconError:
        print("build_phrases.py: no thesaurus.bin yet, keeping one-word pairs", file=sys.stderr)
        return rows
    from app.engine.candidates import GLUE, asks_thesaurus, ranked_thesaurus
    from app.resources import Resources
    from app.settings import Settings

    unigram = Resources(Settings(dictionaries_dir=directory)).lm.unigram_logprob
    kept = []
    for row in rows:
        spun, original = row[0].lower(), row[1].lower()
        # a hyphenated or dotted form ("on-line") spans several word tokens, and such spans are never asked
        # of the thesaurus (``candidates.propose``): only this dictionary can restore them
        glued = any(g in spun for g in GLUE)
        one_word = " " not in spun and " " not in original and not glued and asks_thesaurus(spun)
        if one_word:
            held = {o: lp for o, lp, _shares in ranked_thesaurus(spun, th, unigram)}
            if original in held and row[2] <= held[original] + KEEP_MARGIN:
                continue
        kept.append(row)
    return kept


def write_rows(out: Path, rows: list[Row], header: str) -> None:
    """Write ``spun<TAB>original<TAB>logp<TAB>note`` rows under ``header``, atomically (a reader never sees half
    a file)."""
    body = "".join(f"{s}\t{o}\t{lp:.2f}\t{nt}\n" for s, o, lp, nt in rows)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=out.stem, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(header + body)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)


def main() -> int:
    out = ROOT / "dictionaries" / "phrases.tsv"
    # Every pair stays, the thesaurus's own included: the engine merges a pair both sources hold into one
    # candidate whose prior and source shares count both (``candidates.shared_pair``), so the round trip's
    # "stated" for *said* rises in a document the phrase table's kind of spinner wrote and not elsewhere.
    # (Until session 27 such pairs were dropped unless ``KEEP_MARGIN`` nats above the thesaurus: 1,216 rows.)
    rows = expand(SOURCE)
    header = (
        "# unspin phrase dictionary: spun<TAB>original<TAB>logp<TAB>note  (surface forms, lower-case spun side)\n"
        "# logp = prior log P(spun | original); more negative where the spun phrase is also common genuine English.\n"
        "# GENERATED by scripts/build_phrases.py from its curated list: edit there, then rerun. See SOURCES.md.\n"
    )
    write_rows(out, rows, header)
    print(f"wrote {out}: {len(rows)} entries, {len({r[0] for r in rows})} spun phrases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
