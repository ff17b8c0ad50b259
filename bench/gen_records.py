#!/usr/bin/env python3
"""Generate N realistic synthetic smpdoc session records as NDJSON on stdout.

Fixed seed (deterministic output for the same N and seed): varied clients (Latin, Polish,
Icelandic, Greek, Cyrillic, Vietnamese names), clinics, jurisdictions, session types,
conditions, zones, pigments, needles; about one record in six is pre-session (consent only).

    python3 bench/gen_records.py 10000 > /tmp/records.jsonl
"""
import datetime
import json
import random
import sys
import zoneinfo

FIRST = ["James", "Olivia", "Zoë", "Ólafur", "Γιώργος", "Дмитрий", "Nguyễn Thị", "Chloé", "Amara",
         "Tomasz", "Sigríður", "Ελένη", "Анна", "Trần Văn", "Margaret", "Mohammed", "Siobhán",
         "Łucja", "Björn", "Νίκος", "Сергей", "Phạm Minh", "Daniel", "Priya"]
LAST = ["Whitfield", "Bennett", "Łukasiewicz", "Þórsson", "Παπαδόπουλος", "Соколов", "Hương",
        "Dubois", "Okafor", "Kowalski", "Guðmundsdóttir", "Γεωργίου", "Иванова", "Long",
        "O'Connor-Hughes", "Rahman", "Ní Bhriain", "Wiśniewska", "Jónsson", "Αντωνίου",
        "Петров", "Tuấn", "Reyes", "Sharma"]
CLINICS = [
    ("Northside Scalp Clinic", ["12 Mill Lane", "Leeds", "LS1 4AB"], "GB-ENG", "+44 113 496 0000",
     "Europe/London", "GBP"),
    ("Caledonia SMP Studio", ["4 Rose Street Lane North", "Edinburgh", "EH2 2NN"], "GB-SCT",
     "+44 131 496 0712", "Europe/London", "GBP"),
    ("Atelier Capillaire Lumière", ["18 rue des Martyrs", "75009 Paris"], "FR", "+33 1 84 88 00 00",
     "Europe/Paris", "EUR"),
    ("Garden State Scalp Studio", ["200 Main Street", "Hoboken, NJ 07030"], "US-NJ", "+1 201 555 0144",
     "America/New_York", "USD"),
    ("Pacific Hairline SMP", ["1450 Ocean Ave", "Santa Monica, CA 90401"], "US-CA", "+1 310 555 0190",
     "America/Los_Angeles", "USD"),
]
TYPES = ["initial", "build", "refinement", "touch_up", "scar", "correction"]
CONDITIONS = ["alopecia_areata", "alopecia_totalis", "male_pattern", "female_pattern",
              "diffuse_thinning", "scar", "chemotherapy", "other"]
ZONES = ["frontal_hairline", "temple_left", "temple_right", "mid_scalp", "crown_vertex",
         "donor_area", "scar_fut", "scar_fue", "nape", "other"]
PIGMENTS = [("HairStroke Pro", "Soft Black 02"), ("HairStroke Pro", "Dark Brown 05"),
            ("Scalp Black Series", "Graphite 3"), ("Perma Blend", "Scalp Taupe")]
NEEDLES = [("1RL", 0.25), ("3RL", 0.30), ("1RL", 0.18), ("3RS", 0.25)]
CODES = ["pregnant_or_nursing", "blood_thinners", "bleeding_disorder", "diabetes",
         "heart_or_blood_pressure", "keloid_history", "active_scalp_condition", "herpes_at_site",
         "isotretinoin_last_12_months", "chemotherapy_last_6_months", "recent_scalp_surgery",
         "minoxidil", "finasteride", "under_influence"]
MEDS = ["minoxidil 5% foam", "finasteride 1 mg", "ramipril 5 mg", "metformin 500 mg",
        "levothyroxine 100 µg", "sertraline 50 mg", "cetirizine 10 mg"]
NOTES = ["Client comfortable throughout; mild redness at the crown.",
         "Worked through existing hair in 1 cm partings; density matched to the donor area.",
         "Hairline softened with sparse single impressions; corners left slightly receded.",
         "Scar tissue took pigment unevenly; to be reassessed at the next session."]


def local(tz, date, hhmm):
    """RFC 3339 for a local time in the clinic's zone, with that zone's offset then."""
    y, m, d = (int(x) for x in date.split("-"))
    hh, mm = divmod(hhmm, 60)
    t = datetime.datetime(y, m, d, hh, mm, tzinfo=zoneinfo.ZoneInfo(tz))
    return t.isoformat(timespec="seconds")


def record(i, rng):
    clinic, address, jur, phone, tz, currency = rng.choice(CLINICS)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = f"2026-{month:02d}-{day:02d}"
    answers = {c: {"answer": "no"} for c in CODES}
    if rng.random() < 0.3:
        answers["minoxidil"] = {"answer": "yes", "detail": "5% foam, paused 7 days"}
    rec = {
        "schema_version": 2,
        "record_id": f"BENCH-{i:07d}",
        "jurisdiction": jur,
        "clinic": {"name": clinic, "address": address, "phone": phone, "time_zone": tz},
        "practitioner": {"name": "Amara Okafor", "licence_no": "SP-4471"},
        "client": {
            "client_id": f"C-{i:07d}",
            "full_name": name,
            "date_of_birth": f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "id_verified": True,
            "address": ["1 High Street", "Leeds", "LS1 1AA"],
            "phone": "+44 7700 900123",
        },
        "screening": {
            "answered_at": local(tz, date, 8 * 60 + 30),
            "answers": answers,
            "allergies": rng.sample(["latex", "nickel", "penicillin"], rng.randint(0, 2)),
            "medications": rng.sample(MEDS, rng.randint(0, 4)),
        },
        "patch_test": {"date": (datetime.date(2026, month, day) - datetime.timedelta(days=7)).isoformat(),
                       "result": "negative"},
        "consent": {
            "form_version": "CF-2.1",
            "language": "en-GB",
            "photo_clinical": True,
            "photo_marketing": rng.random() < 0.4,
            "health_data_processing": True,
        },
        "treatment_plan": {
            "zones": rng.sample(ZONES[:6], rng.randint(1, 3)),
            "sessions_planned": 3,
            "interval_days": 14,
            "shade": "Soft Black 02",
            "fee": {"amount": "850.00", "currency": currency, "deposit": "150.00",
                    "refund_terms": "The deposit is refundable until 48 hours before the first session."},
        },
    }
    if rng.random() < 5 / 6:
        rec["consent"]["client_signature"] = {"signer": name, "signed_at": local(tz, date, 9 * 60)}
        zones = rng.sample(ZONES, rng.randint(1, 4))
        pigments = rng.sample(PIGMENTS, rng.randint(1, 2))
        needles = rng.sample(NEEDLES, rng.randint(1, 2))
        stype = rng.choice(TYPES)
        if stype == "initial" and "frontal_hairline" in zones:
            zones.remove("frontal_hairline")
            zones = zones or ["mid_scalp"]
        duration = rng.choice([120, 180, 240])
        rec["session"] = {
            "number": rng.randint(1, 3),
            "type": stype,
            "date": date,
            "start_time": "10:00",
            "duration_minutes": duration,
            "conditions": rng.sample(CONDITIONS, rng.randint(1, 2)),
            "fitzpatrick": rng.randint(1, 6),
            "zones": [{"zone": z, "density": rng.choice(["light", "medium", "dense"])} for z in zones],
            "pigments": [{"brand": b, "shade": s, "lot": f"L{rng.randint(1000, 9999)}",
                          "expiry": "2028-09-30", "reach_labelled": True} for b, s in pigments],
            "needles": [{"configuration": c, "diameter_mm": d, "brand": "Kwadron",
                         "lot": f"KW-{rng.randint(1000, 9999)}", "expiry": "2028-01-31"} for c, d in needles],
            "adverse_events": "none",
            "notes": rng.choice(NOTES),
            "practitioner_signature": {"signer": "Amara Okafor",
                                       "signed_at": local(tz, date, 10 * 60 + duration + 10)},
        }
        rec["aftercare"] = {"leaflet_version": "AC-3.2", "given_in_writing": True, "acknowledged": True,
                            "restriction_days": {"wetting": 4, "sweating": 7, "sun": 28, "swimming": 28}}
    return rec


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261122
    rng = random.Random(seed)
    out = sys.stdout
    for i in range(n):
        out.write(json.dumps(record(i, rng), ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
