import type { BusinessHoursCalendar } from "@moked/db";

const SUN_THU = ["0", "1", "2", "3", "4"] as const;
function officeHours(weekday: [string, string], friday: [string, string] | null): BusinessHoursCalendar {
  const weekly: BusinessHoursCalendar["weekly"] = {};
  for (const d of SUN_THU) weekly[d] = [weekday];
  if (friday) weekly["5"] = [friday];
  return { alwaysOpen: false, weekly, closedOnShabbatAndHolidays: true, exceptions: {} };
}
const ALWAYS: BusinessHoursCalendar = { alwaysOpen: true, weekly: {}, closedOnShabbatAndHolidays: false, exceptions: {} };

/**
 * The client lines of the demo center, after seed 003: who the center answers for, and when. The calendar
 * is the client's own opening hours; outside them (and on overflow) the center answers everything.
 */
export const DEMO_TENANTS = [
  {
    slug: "sky-tours",
    name: "שחקים תיירות",
    industry: "travel",
    languages: ["he", "en", "ru", "fr"],
    contactEmails: ["duty@sky-tours.example"],
    calendar: ALWAYS,
    settings: { service: "24/7 help for stranded travellers, escalation to the responsible person", afterHours: "center_queue" },
  },
  {
    slug: "galil-motors",
    name: "גליל מוטורס — יבואן רכב",
    industry: "auto",
    languages: ["he", "ar", "ru"],
    contactEmails: ["service@galil-motors.example"],
    calendar: officeHours(["08:00", "17:00"], ["08:00", "13:00"]),
    settings: { service: "After-hours line for the garages: faults, tow or taxi, next-day appointments, night drop-off", afterHours: "center_queue" },
  },
  {
    slug: "magen-insurance",
    name: "מגן ביטוח",
    industry: "insurance",
    languages: ["he", "ar", "ru", "en"],
    contactEmails: ["claims@magen.example"],
    calendar: officeHours(["08:30", "18:00"], null),
    settings: { service: "Claims guidance after an accident, theft or damage, after hours", afterHours: "center_queue" },
  },
  {
    slug: "bayit-mortgage",
    name: "בנק בית למשכנתאות",
    industry: "banking",
    languages: ["he", "en", "ru", "am"],
    contactEmails: ["service@bayit-bank.example"],
    calendar: officeHours(["08:30", "16:00"], null),
    settings: { service: "Overflow and after-hours messages e-mailed at once to the service department", afterHours: "message_center" },
  },
  {
    slug: "kolbo-retail",
    name: "כלבו — רשת קמעונאות",
    industry: "retail",
    languages: ["he", "ar", "ru", "en", "am"],
    contactEmails: ["club@kolbo.example"],
    calendar: ALWAYS,
    settings: { service: "Nearest branch, opening hours, promotions, customer club, catalogue, phone orders" },
  },
  {
    slug: "106-ir-galim",
    name: "מוקד 106 עיריית עיר גלים",
    industry: "municipal",
    languages: ["he", "ar", "ru", "am", "en", "fr"],
    contactEmails: ["106@ir-galim.example"],
    calendar: ALWAYS,
    settings: { service: "Hazard reports dispatched to the right on-call crew in real time" },
  },
] as const;

export const DEMO_TEAMS = ["צוות צפון", "צוות מרכז", "צוות שפות"] as const;

export interface DemoPerson {
  email: string;
  name: string;
  languages: string[];
  team?: number;
  serves?: readonly string[];
}

export const DEMO_STAFF = {
  admin: { email: "admin@moked.local", name: "מנהלת מערכת — דנה לוי", languages: ["he", "en"] },
  centerManager: { email: "manager@moked.local", name: "אבי כהן", languages: ["he", "en"] },
  shiftManager: { email: "shift@moked.local", name: "מירב שטרן", languages: ["he", "ru"] },
  teamLeaders: [
    { email: "lead1@moked.local", name: "יוסי מזרחי", languages: ["he", "ar"], team: 0 },
    { email: "lead2@moked.local", name: "רונית אברהם", languages: ["he", "en"], team: 1 },
    { email: "lead3@moked.local", name: "Ольга Смирнова", languages: ["ru", "he", "en"], team: 2 },
  ],
} satisfies Record<string, DemoPerson | DemoPerson[]>;

const ALL = DEMO_TENANTS.map((t) => t.slug);
/** About twenty agents speaking Hebrew, Arabic, Russian, English, Amharic and French. */
export const DEMO_AGENTS: DemoPerson[] = [
  { email: "agent1@moked.local", name: "נועה ביטון", languages: ["he", "en"], team: 1, serves: ALL },
  { email: "agent2@moked.local", name: "محمد خطيب", languages: ["ar", "he"], team: 0, serves: ["galil-motors", "magen-insurance", "kolbo-retail", "106-ir-galim"] },
  { email: "agent3@moked.local", name: "Дмитрий Волков", languages: ["ru", "he"], team: 2, serves: ALL },
  { email: "agent4@moked.local", name: "תמר פרץ", languages: ["he"], team: 1, serves: ["bayit-mortgage", "kolbo-retail", "sky-tours"] },
  { email: "agent5@moked.local", name: "ያሬድ ታደሰ Yared Tadese", languages: ["am", "he"], team: 2, serves: ["bayit-mortgage", "kolbo-retail", "106-ir-galim"] },
  { email: "agent6@moked.local", name: "Claire Dubois", languages: ["fr", "he", "en"], team: 2, serves: ["sky-tours", "106-ir-galim"] },
  { email: "agent7@moked.local", name: "עומר גבאי", languages: ["he", "en"], team: 1, serves: ALL },
  { email: "agent8@moked.local", name: "سناء حداد", languages: ["ar", "he", "en"], team: 0, serves: ["magen-insurance", "galil-motors", "106-ir-galim"] },
  { email: "agent9@moked.local", name: "Анна Кузнецова", languages: ["ru", "he", "en"], team: 2, serves: ["sky-tours", "bayit-mortgage", "kolbo-retail"] },
  { email: "agent10@moked.local", name: "שירה אוחיון", languages: ["he"], team: 0, serves: ["galil-motors", "magen-insurance"] },
  { email: "agent11@moked.local", name: "David Miller", languages: ["en", "he"], team: 1, serves: ["sky-tours", "bayit-mortgage"] },
  { email: "agent12@moked.local", name: "אלון דהן", languages: ["he", "ru"], team: 0, serves: ALL },
  { email: "agent13@moked.local", name: "רים נסאר", languages: ["ar", "he"], team: 0, serves: ["kolbo-retail", "106-ir-galim"] },
  { email: "agent14@moked.local", name: "Игорь Петров", languages: ["ru"], team: 2, serves: ["106-ir-galim", "galil-motors"] },
  { email: "agent15@moked.local", name: "מאיה רוזן", languages: ["he", "en", "fr"], team: 1, serves: ["sky-tours", "magen-insurance"] },
  { email: "agent16@moked.local", name: "ברהנו אדמסו", languages: ["am", "he", "en"], team: 2, serves: ["kolbo-retail", "bayit-mortgage"] },
  { email: "agent17@moked.local", name: "ליאור שמעוני", languages: ["he"], team: 1, serves: ["bayit-mortgage", "magen-insurance", "galil-motors"] },
  { email: "agent18@moked.local", name: "أحمد منصور", languages: ["ar", "he", "en"], team: 0, serves: ALL },
  { email: "agent19@moked.local", name: "Sophie Martin", languages: ["fr", "en"], team: 2, serves: ["sky-tours"] },
  { email: "agent20@moked.local", name: "הדס ברק", languages: ["he", "ru", "en"], team: 1, serves: ALL },
];

export interface DemoKnowledge {
  kind: "greeting" | "procedure" | "faq";
  title: string;
  body: string;
}

/**
 * Each demo line's script beside the contact on a fresh start: the greeting agents say (`{agent}` becomes the
 * agent's name), a procedure and the questions callers ask most. No wrap-up codes: a line with a list files
 * only codes from it, and the demo lets agents file their own.
 */
export const DEMO_KNOWLEDGE: Record<(typeof DEMO_TENANTS)[number]["slug"], DemoKnowledge[]> = {
  "sky-tours": [
    { kind: "greeting", title: "פתיח", body: "שחקים תיירות שלום, מדבר/ת {agent}. איך אפשר לעזור?" },
    { kind: "procedure", title: "נוסע תקוע בחו״ל", body: "לברר שם, מספר הזמנה ומיקום; טיסה שבוטלה — להציע טיסה חלופית מהרשימה; אין פתרון תוך שעה — להעביר לאחראי התורן." },
    { kind: "faq", title: "משקל כבודה", body: "מזוודה אחת עד 23 ק״ג ותיק יד עד 8 ק״ג, אלא אם נרכשה תוספת." },
    { kind: "faq", title: "שינוי תאריך טיסה", body: "עד 72 שעות לפני ההמראה בדמי שינוי של 150 ₪; אחר כך לפי תנאי חברת התעופה." },
  ],
  "galil-motors": [
    { kind: "greeting", title: "פתיח", body: "גליל מוטורס, מוקד שירות אחרי שעות העבודה, מדבר/ת {agent}. במה אפשר לעזור?" },
    { kind: "procedure", title: "תקלה בדרך", body: "לברר מספר רכב, מיקום מדויק ומה קרה; רכב לא נוסע — להזמין גרר; הנהג נשאר בלי רכב — להציע מונית עד 50 ק״מ." },
    { kind: "faq", title: "שירות גרירה", body: "גרר 24/7 למוסך המורשה הקרוב, בלי תשלום לרכב באחריות. זמן הגעה ממוצע: 60 דקות." },
    { kind: "faq", title: "שעות המוסכים", body: "א׳–ה׳ 8:00–17:00, ו׳ 8:00–13:00. הורדת רכב בלילה: בתיבת המפתחות שליד השער." },
  ],
  "magen-insurance": [
    { kind: "greeting", title: "פתיח", body: "מגן ביטוח, מוקד תביעות, מדבר/ת {agent}. קודם כול — כולם בסדר?" },
    { kind: "procedure", title: "תאונת דרכים", body: "לוודא שאין נפגעים (אם יש — 101), לרשום פרטי הצד השני, מספרי רכב ומקום; לפתוח הודעה על תביעה ולשלוח לשמאי." },
    { kind: "faq", title: "השתתפות עצמית", body: "לפי הפוליסה; ברכב פרטי לרוב 1,500 ₪, ובמוסך שבהסדר — מחצית." },
    { kind: "faq", title: "רכב חלופי", body: "ניתן במוסך שבהסדר לפוליסות עם כיסוי רכב חלופי, עד 14 יום." },
  ],
  "bayit-mortgage": [
    { kind: "greeting", title: "פתיח", body: "בנק בית למשכנתאות, מדבר/ת {agent}, שלום." },
    { kind: "procedure", title: "פנייה אחרי שעות הפעילות", body: "לרשום שם, תעודת זהות (4 ספרות אחרונות) ונושא; ההודעה נשלחת למחלקת השירות, שחוזרת ביום העבודה הבא." },
    { kind: "faq", title: "שעות הסניפים", body: "א׳–ה׳ 8:30–16:00; ביום ו׳ ובערבי חג הסניפים סגורים." },
    { kind: "faq", title: "אישור יתרה לסילוק", body: "מוזמן באתר הבנק או בסניף; מוכן תוך 3 ימי עסקים." },
  ],
  "kolbo-retail": [
    { kind: "greeting", title: "פתיח", body: "כלבו שלום, מדבר/ת {agent}. איך אפשר לעזור?" },
    { kind: "procedure", title: "הזמנה טלפונית", body: "לזהות את חבר המועדון בטלפון, לקרוא את פרטי המוצר מהקטלוג, לאשר כתובת ומועד משלוח ולהקריא את הסכום." },
    { kind: "faq", title: "שעות הסניפים", body: "א׳–ה׳ 8:00–22:00, ו׳ 7:30–15:00; מוצ״ש שעה אחרי צאת השבת עד 23:00." },
    { kind: "faq", title: "מועדון לקוחות", body: "הצטרפות בחינם בקופה או באתר; 5% הנחה על כל קנייה ומבצעים לחברים." },
  ],
  "106-ir-galim": [
    { kind: "greeting", title: "פתיח", body: "מוקד 106 עיריית עיר גלים, מדבר/ת {agent}. מה המפגע ואיפה?" },
    { kind: "procedure", title: "מפגע בטיחותי", body: "לרשום כתובת מדויקת ותיאור; סכנה מיידית (חוט חשמל, בור פתוח) — דחוף לצוות התורן ולהשאיר את הפונה על הקו." },
    { kind: "faq", title: "פינוי גזם", body: "פעם בשבוע לפי אזור; הזמנת פינוי מיוחד דרך המוקד, עד 3 ימי עבודה." },
    { kind: "faq", title: "שעות מחלקות העירייה", body: "א׳–ה׳ 8:00–15:00, ביום ג׳ גם 16:00–18:00. המוקד פתוח 24/7." },
  ],
};
