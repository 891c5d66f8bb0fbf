//! Row-major `f32` matrix used inside the training loop.
//!
//! Public APIs take and return nalgebra's column-major `DMatrix<f32>`; the core converts once at
//! the boundary so every batch works on contiguous sample rows (one sample = one slice).

use nalgebra::DMatrix;

/// Dense row-major matrix.
///
/// # Shapes
/// - `data`: `rows × cols`, element `(r, c)` at `data[r * cols + c]`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

impl Matrix {
    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        Matrix {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    /// Wraps row-major data. Panics if `data.len() != rows * cols` (a programming error).
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f32>) -> Matrix {
        assert_eq!(
            data.len(),
            rows * cols,
            "Matrix::from_vec: wrong data length"
        );
        Matrix { rows, cols, data }
    }

    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> f32) -> Matrix {
        let mut data = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                data.push(f(r, c));
            }
        }
        Matrix { rows, cols, data }
    }

    pub fn from_dmatrix(m: &DMatrix<f32>) -> Matrix {
        let (rows, cols) = m.shape();
        let mut data = vec![0.0; rows * cols];
        // Column-major source: walk it in storage order and scatter, one pass.
        for c in 0..cols {
            for (r, &v) in m.column(c).iter().enumerate() {
                data[r * cols + c] = v;
            }
        }
        Matrix { rows, cols, data }
    }

    pub fn to_dmatrix(&self) -> DMatrix<f32> {
        DMatrix::from_row_slice(self.rows, self.cols, &self.data)
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    pub fn as_mut_slice(&mut self) -> &mut [f32] {
        &mut self.data
    }

    pub fn row(&self, r: usize) -> &[f32] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    pub fn row_mut(&mut self, r: usize) -> &mut [f32] {
        &mut self.data[r * self.cols..(r + 1) * self.cols]
    }

    pub fn get(&self, r: usize, c: usize) -> f32 {
        self.data[r * self.cols + c]
    }

    pub fn set(&mut self, r: usize, c: usize, v: f32) {
        self.data[r * self.cols + c] = v;
    }

    /// Changes the shape, reusing the allocation when it is large enough. Contents are
    /// unspecified afterwards.
    pub fn reshape_uninit(&mut self, rows: usize, cols: usize) {
        self.rows = rows;
        self.cols = cols;
        self.data.resize(rows * cols, 0.0);
    }

    /// The transpose as a new matrix.
    pub fn transpose(&self) -> Matrix {
        Matrix::from_fn(self.cols, self.rows, |r, c| self.get(c, r))
    }

    /// Copies `other` into `self`, reusing the allocation.
    pub fn copy_from(&mut self, other: &Matrix) {
        self.rows = other.rows;
        self.cols = other.cols;
        self.data.clear();
        self.data.extend_from_slice(&other.data);
    }
}
