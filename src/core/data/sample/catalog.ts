/**
 * The sample world's fixed vocabulary: categories with their TRUE price elasticity,
 * difficulty levels, quality tiers, and word lists for readable names. The true
 * elasticities span -0.6 (Programming, least price-sensitive) to -2.0.
 */
export interface CategorySpec {
  name: string
  /** True constant price elasticity of weekly demand (d log Q / d log P). */
  elasticity: number
  /** Reference price in tokens: the category's typical list price. */
  basePrice: number
  /** Share of the catalog. */
  weight: number
  topics: string[]
}

export const CATEGORIES: CategorySpec[] = [
  {
    name: 'Programming',
    elasticity: -0.6,
    basePrice: 120,
    weight: 0.16,
    topics: ['Python', 'TypeScript', 'Rust', 'Go', 'SQL', 'React', 'Algorithms']
  },
  {
    name: 'Data Science',
    elasticity: -0.75,
    basePrice: 140,
    weight: 0.12,
    topics: ['Statistics', 'Machine Learning', 'Pandas', 'Forecasting', 'Deep Learning', 'A/B Testing']
  },
  {
    name: 'Business',
    elasticity: -0.9,
    basePrice: 100,
    weight: 0.11,
    topics: ['Strategy', 'Finance', 'Negotiation', 'Accounting', 'Leadership', 'Pricing']
  },
  {
    name: 'Design',
    elasticity: -1.05,
    basePrice: 90,
    weight: 0.1,
    topics: ['UX', 'Typography', 'Figma', 'Illustration', 'Branding', 'Motion']
  },
  {
    name: 'Marketing',
    elasticity: -1.2,
    basePrice: 80,
    weight: 0.1,
    topics: ['SEO', 'Content', 'Email', 'Social Media', 'Analytics', 'Copywriting']
  },
  {
    name: 'Languages',
    elasticity: -1.35,
    basePrice: 60,
    weight: 0.1,
    topics: ['Spanish', 'Japanese', 'German', 'French', 'Mandarin', 'English']
  },
  {
    name: 'Photography',
    elasticity: -1.5,
    basePrice: 70,
    weight: 0.07,
    topics: ['Portrait', 'Landscape', 'Lighting', 'Lightroom', 'Street', 'Film']
  },
  {
    name: 'Music',
    elasticity: -1.65,
    basePrice: 65,
    weight: 0.08,
    topics: ['Guitar', 'Piano', 'Music Theory', 'Mixing', 'Songwriting', 'Drums']
  },
  {
    name: 'Health & Fitness',
    elasticity: -1.8,
    basePrice: 50,
    weight: 0.08,
    topics: ['Yoga', 'Nutrition', 'Running', 'Strength', 'Mindfulness', 'Sleep']
  },
  {
    name: 'Personal Development',
    elasticity: -2.0,
    basePrice: 45,
    weight: 0.08,
    topics: ['Productivity', 'Public Speaking', 'Habits', 'Writing', 'Memory', 'Focus']
  }
]

export const DIFFICULTIES = [
  { name: 'Beginner', weight: 0.45, priceMultiplier: 0.85, demandEffect: 0.3 },
  { name: 'Intermediate', weight: 0.35, priceMultiplier: 1.0, demandEffect: 0 },
  { name: 'Advanced', weight: 0.2, priceMultiplier: 1.25, demandEffect: -0.35 }
] as const

/** Quality tier from the course's latent quality z-score. */
export function qualityTier(qualityZ: number): 'Standard' | 'Premium' | 'Elite' {
  if (qualityZ < -0.4) return 'Standard'
  if (qualityZ < 0.9) return 'Premium'
  return 'Elite'
}

export const TITLE_PREFIXES = [
  'Complete',
  'Practical',
  'Modern',
  'Essential',
  'Hands-on',
  'Mastering',
  'Applied',
  'Intro to'
]
export const TITLE_SUFFIXES = [
  'Bootcamp',
  'Fundamentals',
  'Masterclass',
  'in 30 Days',
  'for Professionals',
  'Workshop',
  'Deep Dive',
  'Crash Course'
]

export const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Luis',
  'Maya',
  'Nikhil',
  'Olga',
  'Pablo',
  'Qing',
  'Rosa',
  'Sami',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe'
]
export const LAST_NAMES = [
  'Anders',
  'Bianchi',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Mensah',
  'Novak',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Silva',
  'Tanaka',
  'Usman',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zhang'
]

export const COUNTRIES = [
  { name: 'United States', weight: 0.22 },
  { name: 'India', weight: 0.18 },
  { name: 'Brazil', weight: 0.08 },
  { name: 'Germany', weight: 0.08 },
  { name: 'United Kingdom', weight: 0.08 },
  { name: 'Nigeria', weight: 0.06 },
  { name: 'Indonesia', weight: 0.06 },
  { name: 'France', weight: 0.06 },
  { name: 'Mexico', weight: 0.06 },
  { name: 'Japan', weight: 0.05 },
  { name: 'Poland', weight: 0.04 },
  { name: 'Kenya', weight: 0.03 }
]
