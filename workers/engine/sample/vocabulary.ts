// Word lists the sample project draws from. Plain data, no logic.

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Ava', 'Elijah', 'Sophia', 'Lucas',
  'Mia', 'Mateo', 'Isabella', 'Levi', 'Charlotte', 'Ethan', 'Harper', 'James', 'Luna', 'Leo',
  'Aisha', 'Omar', 'Fatima', 'Yusuf', 'Priya', 'Arjun', 'Ananya', 'Rohan', 'Mei', 'Wei',
  'Yuki', 'Haruto', 'Sakura', 'Ren', 'Min-jun', 'Seo-yeon', 'Chloé', 'Louis', 'Léa', 'Hugo',
  'Sofía', 'Santiago', 'Valentina', 'Mateus', 'Camila', 'Diego', 'Lucía', 'Pablo', 'Ingrid', 'Lars',
  'Freya', 'Erik', 'Astrid', 'Finn', 'Greta', 'Jonas', 'Hannah', 'Maximilian', 'Lena', 'Paul',
  'Zoe', 'Jack', 'Grace', 'Henry', 'Ella', 'Samuel', 'Nora', 'David', 'Ruby', 'Daniel',
  'Chinedu', 'Amara', 'Kwame', 'Zanele', 'Tariq', 'Layla', 'Mehmet', 'Elif', 'Nikolai', 'Anastasia',
  'Giulia', 'Marco', 'Francesca', 'Luca', 'Agnieszka', 'Piotr', 'Tomás', 'Beatriz', 'Sean', 'Aoife',
]

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Lewis', 'Robinson', 'Walker',
  'Patel', 'Sharma', 'Singh', 'Kumar', 'Chen', 'Wang', 'Li', 'Zhang', 'Nguyen', 'Tanaka',
  'Suzuki', 'Sato', 'Kim', 'Park', 'Choi', 'Dubois', 'Moreau', 'Laurent', 'Bernard', 'Müller',
  'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Silva', 'Santos',
  'Oliveira', 'Pereira', 'Andersson', 'Johansson', 'Nielsen', 'Hansen', 'Kowalski', 'Nowak', "O'Brien", 'Murphy',
  'Okafor', 'Mensah', 'Abubakar', 'Haddad', 'Yilmaz', 'Kaya', 'Ivanov', 'Petrov', 'Cohen', 'Levi',
]

/** city, region, ISO country code, IANA time zone, phone country code, weight */
export const CITIES: ReadonlyArray<readonly [string, string, string, string, string, number]> = [
  ['San Francisco', 'California', 'US', 'America/Los_Angeles', '1', 9],
  ['New York', 'New York', 'US', 'America/New_York', '1', 10],
  ['Austin', 'Texas', 'US', 'America/Chicago', '1', 5],
  ['Chicago', 'Illinois', 'US', 'America/Chicago', '1', 5],
  ['Seattle', 'Washington', 'US', 'America/Los_Angeles', '1', 5],
  ['Boston', 'Massachusetts', 'US', 'America/New_York', '1', 4],
  ['Denver', 'Colorado', 'US', 'America/Denver', '1', 3],
  ['Toronto', 'Ontario', 'CA', 'America/Toronto', '1', 4],
  ['Vancouver', 'British Columbia', 'CA', 'America/Vancouver', '1', 2],
  ['Mexico City', 'Ciudad de México', 'MX', 'America/Mexico_City', '52', 3],
  ['São Paulo', 'São Paulo', 'BR', 'America/Sao_Paulo', '55', 4],
  ['Buenos Aires', 'Buenos Aires', 'AR', 'America/Argentina/Buenos_Aires', '54', 2],
  ['London', 'England', 'GB', 'Europe/London', '44', 9],
  ['Manchester', 'England', 'GB', 'Europe/London', '44', 2],
  ['Dublin', 'Leinster', 'IE', 'Europe/Dublin', '353', 2],
  ['Paris', 'Île-de-France', 'FR', 'Europe/Paris', '33', 5],
  ['Lyon', 'Auvergne-Rhône-Alpes', 'FR', 'Europe/Paris', '33', 1],
  ['Berlin', 'Berlin', 'DE', 'Europe/Berlin', '49', 5],
  ['Munich', 'Bavaria', 'DE', 'Europe/Berlin', '49', 2],
  ['Amsterdam', 'North Holland', 'NL', 'Europe/Amsterdam', '31', 3],
  ['Madrid', 'Community of Madrid', 'ES', 'Europe/Madrid', '34', 3],
  ['Barcelona', 'Catalonia', 'ES', 'Europe/Madrid', '34', 2],
  ['Milan', 'Lombardy', 'IT', 'Europe/Rome', '39', 2],
  ['Stockholm', 'Stockholm County', 'SE', 'Europe/Stockholm', '46', 2],
  ['Copenhagen', 'Capital Region', 'DK', 'Europe/Copenhagen', '45', 1],
  ['Warsaw', 'Masovian', 'PL', 'Europe/Warsaw', '48', 2],
  ['Istanbul', 'Istanbul', 'TR', 'Europe/Istanbul', '90', 2],
  ['Lagos', 'Lagos', 'NG', 'Africa/Lagos', '234', 2],
  ['Nairobi', 'Nairobi County', 'KE', 'Africa/Nairobi', '254', 1],
  ['Cape Town', 'Western Cape', 'ZA', 'Africa/Johannesburg', '27', 1],
  ['Dubai', 'Dubai', 'AE', 'Asia/Dubai', '971', 2],
  ['Bengaluru', 'Karnataka', 'IN', 'Asia/Kolkata', '91', 6],
  ['Mumbai', 'Maharashtra', 'IN', 'Asia/Kolkata', '91', 4],
  ['Singapore', 'Singapore', 'SG', 'Asia/Singapore', '65', 3],
  ['Tokyo', 'Tokyo', 'JP', 'Asia/Tokyo', '81', 4],
  ['Seoul', 'Seoul', 'KR', 'Asia/Seoul', '82', 3],
  ['Shanghai', 'Shanghai', 'CN', 'Asia/Shanghai', '86', 2],
  ['Sydney', 'New South Wales', 'AU', 'Australia/Sydney', '61', 3],
  ['Melbourne', 'Victoria', 'AU', 'Australia/Melbourne', '61', 2],
  ['Auckland', 'Auckland', 'NZ', 'Pacific/Auckland', '64', 1],
]

export const COMPANY_FIRST = [
  'North', 'Blue', 'Bright', 'Silver', 'Iron', 'Cedar', 'Summit', 'Harbor', 'Atlas', 'Nova',
  'Pioneer', 'Quantum', 'Evergreen', 'Crimson', 'Golden', 'Lumen', 'Orbit', 'Vertex', 'Polar', 'Maple',
]
export const COMPANY_SECOND = [
  'wind', 'stone', 'field', 'bridge', 'path', 'forge', 'peak', 'wave', 'leaf', 'light',
  'line', 'point', 'works', 'scale', 'loop', 'craft', 'grid', 'spark', 'river', 'cloud',
]
export const COMPANY_SUFFIX = ['Labs', 'Inc.', 'Systems', 'Health', 'Analytics', 'Studio', 'Group', 'Technologies', 'Logistics', 'Foods']

export const INDUSTRIES = [
  'Software', 'Fintech', 'Healthcare', 'E-commerce', 'Education', 'Media', 'Logistics',
  'Manufacturing', 'Travel', 'Gaming', 'Real estate', 'Nonprofit',
]

export const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com']

export const SIGNUP_SOURCES: ReadonlyArray<readonly [string, number]> = [
  ['organic', 30], ['google_ads', 20], ['referral', 15], ['linkedin', 8],
  ['facebook', 7], ['newsletter', 6], ['partner', 5], ['product_hunt', 3],
]

export const TAGS = ['beta', 'newsletter', 'power_user', 'mobile', 'churn_risk', 'vip', 'trial_extended', 'api', 'webinar']

export const PRODUCTS: ReadonlyArray<readonly [string, number]> = [
  ['Starter pack', 9], ['Team seat', 15], ['Analytics add-on', 29], ['Storage 100 GB', 4.99],
  ['Priority support', 49], ['Annual plan', 199], ['Template bundle', 19], ['Onboarding session', 99],
]

export const SEARCH_QUERIES = [
  'pricing', 'export csv', 'invite team', 'api key', 'dark mode', 'integrations', 'retention report',
  'cohort', 'funnel', 'billing', 'sso', 'delete account', 'mobile app', 'webhooks', 'dashboard',
  'slack', 'templates', 'keyboard shortcuts', 'refund', 'changelog',
]

export const PAGES = [
  '/', '/pricing', '/features', '/blog', '/docs', '/docs/getting-started', '/dashboard',
  '/settings', '/settings/billing', '/reports', '/reports/funnels', '/integrations', '/changelog',
]

export const BROWSERS: ReadonlyArray<readonly [string, string, string, number]> = [
  // browser, os, device type, weight
  ['Chrome', 'Windows', 'desktop', 30], ['Chrome', 'Mac OS X', 'desktop', 18], ['Safari', 'Mac OS X', 'desktop', 10],
  ['Safari', 'iOS', 'mobile', 16], ['Chrome', 'Android', 'mobile', 14], ['Firefox', 'Windows', 'desktop', 5],
  ['Edge', 'Windows', 'desktop', 5], ['Firefox', 'Linux', 'desktop', 2],
]
